/**
 * The platform's PDF forms, an entry of their own beside the platform's index: they load the PDF and font libraries,
 * which the index (imported by every script) does not.
 */
export { renderOfficialForm, vietnameseDateTime, type FormBlock, type OfficialForm } from './official-form.js';
