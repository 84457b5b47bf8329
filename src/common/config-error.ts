/** Configuration the process refuses to start with; the message names the file or variable and every problem. */
export class ConfigError extends Error {}
