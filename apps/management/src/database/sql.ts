// What code that speaks SQL directly (the job store and the query engine, on the path of
// every call) needs from both drivers alike.

/** A quoted SQL identifier. */
export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The rows of a raw query's result, which some statements (a data-changing one)
 *  answer as `[rows, affected count]`. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
