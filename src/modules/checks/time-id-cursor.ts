/** @deprecated The cursor helpers are in src/common/pagination.ts. */
export { decodeTimeIdCursor, encodeTimeIdCursor } from '../../common/pagination';
