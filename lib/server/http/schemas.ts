import { Type } from '@sinclair/typebox';

/** Every refusal: `{error: {code, message, status, path?}}` with the protocol's codes (docs/protocol.md). */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.Integer({ description: 'A stable protocol error code' }),
      message: Type.String(),
      status: Type.Integer(),
      path: Type.Optional(Type.String({ description: 'The field at fault' }))
    })
  },
  { title: 'Error' }
);

/** The answer of a delete: no body (204). */
export const NoContent = Type.Null({ description: 'No content' });
