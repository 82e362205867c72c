/** The wire protocol version this build speaks. A handshake with another version is denied. */
export const PROTOCOL_VERSION = 1;
