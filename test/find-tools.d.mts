export declare const CHROMIUM_PATHS: string[];
export declare const DEBIAN_POSTGRES_ROOT: string;
export declare function findChromium(): string | undefined;
export declare function findPostgresBin(): string | undefined;
