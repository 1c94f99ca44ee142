// Shared by the browser form and the server: kept free of server-only imports.
export const PASSWORD_MIN_LENGTH_VALUE = 10;
