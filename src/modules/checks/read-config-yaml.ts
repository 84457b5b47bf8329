/** @deprecated The one config-YAML reader is src/common/config-yaml.ts. */
export { readConfigYaml } from '../../common/config-yaml';
