/**
 * rx-conversations: a reactive Conversations client. Every documented event is an RxJS
 * Observable; one immutable store reduces them into a live graph that applications select from.
 * The complete entry, compatible with the reference SDK: the reactive core (`rx-conversations/lean`)
 * with every optional part registered.
 *
 * @packageDocumentation
 */
export * from './lean';
export * from './media/index';
export * from './content/index';
export * from './push/index';
export * from './receipts/index';
import './emitter/index';
