/** @deprecated The one UUID route-param pipe is src/common/uuid.ts. */
export { uuidParam } from '../../common/uuid';
