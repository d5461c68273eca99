// Types for scripts/packageContents.mjs (plain ESM so the packaging script runs without a build step).
export declare const REQUIRED_FILES: readonly string[];
export declare const FORBIDDEN: readonly RegExp[];
export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  readonly compressedSize: number;
}
export declare function zipEntries(zipPath: string): ZipEntry[];
export declare function contentProblems(files: string[], manifest: Record<string, unknown>): string[];
