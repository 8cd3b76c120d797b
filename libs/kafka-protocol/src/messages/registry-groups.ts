/** Consumer-group APIs (issue 3). */
export const groupApiSchemas = [] as const;
