// The CLI package's version is the scanner's: one number for `converge --version`, every inventory's
// `scanner.version` and the published package (the bundler inlines this file).
import cliPackage from "../packages/cli/package.json";

export const SCANNER_NAME = "converge";
export const SCANNER_VERSION: string = cliPackage.version;
