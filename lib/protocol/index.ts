export { PROTOCOL_VERSION } from './version';
export { LIMITS, type Limits } from './limits';
export { ErrorCode, errorStatus, WireError, wireError } from './errors';
export {
  JSONValue,
  type JSONObject,
  type JSONArray,
  utf8Length,
  isText,
  textProblem,
  boundedString,
  utf8String,
  boundedJson,
  boundedInt,
  NonNegativeInt
} from './json';
export * from './entities';
export * from './events';
export * from './commands';
export { exactObject, type ExactObject } from './exact-object';
export * from './frames';
export * from './tokens';
export * from './push';
export * from './content';
export * from './media';
export { decode, type Decoded } from './decode';
