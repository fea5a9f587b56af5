/** This package's version, as in package.json (a test keeps the two equal). */
export const SDK_VERSION = '0.3.0';
