/** The department that owns the digital-transformation indicators and reviews the answers: since 2025 the Department of Science and Technology (it absorbed Information and Communications). */
export const OWNER_AGENCY_CODE = '000.00.08.H57';
