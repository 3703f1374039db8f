/** The module's clock, replaceable in tests (a register's year turns on 1 January, Vietnam time). */
export const clock = { now: (): Date => new Date() };
