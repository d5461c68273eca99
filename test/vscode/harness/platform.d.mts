// Types for test/vscode/harness/platform.mjs (plain ESM: the harness runs without a build step).
export interface NodePackage {
  readonly name: string;
  readonly version: string;
  readonly emulated?: string;
}
export declare const NODE_PACKAGES: Readonly<Record<string, NodePackage>>;
export declare function nodePackageFor(platform: string, arch: string): NodePackage;
export declare function nodeBinary(nodeDir: string, platform: string): string;
export declare function prependPath(dir: string, currentPath: string | undefined, platform: string): string;
export declare function pathKey(env: Record<string, string | undefined>, platform: string): string;
export declare function withDirOnPath<E extends Record<string, string | undefined>>(env: E, dir: string, platform: string): E;
export declare function npmCommand(platform: string): { command: string; shell: boolean };
export declare function remoteUriPath(localPath: string, platform: string): string;
export declare function browserCandidates(platform: string, env: Record<string, string | undefined>, homeDir: string): string[];
export declare const GET_BROWSER_COMMAND: string;
export interface Machine {
  readonly platform: string;
  readonly env: Record<string, string | undefined>;
  readonly homeDir: string;
  exists(path: string): boolean;
  playwrightChromium?: () => string | undefined;
}
export declare function findBrowser(machine: Machine): { path: string; from: string };
