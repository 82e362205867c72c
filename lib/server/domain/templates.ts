import { type Static, Type } from '@sinclair/typebox';
import type * as t from 'io-ts';
import {
  type CommandResult,
  type ContentTemplateData,
  ErrorCode,
  VARIABLE_PATTERN,
  boundedJson,
  contentVariantCodecs,
  decode,
  isContentVariantType
} from '../../protocol';
import type { TemplateRecord } from '../storage/records';
import { type DomainContext, read } from './context';
import { DomainError } from './errors';
import { SidPrefix, newSid } from './sids';

/** Largest JSON text of a template's variants. */
export const MAX_TEMPLATE_VARIANTS_BYTES = 64 * 1024;
/** Most variables of a template. */
export const MAX_TEMPLATE_VARIABLES = 100;

/** What the admin API takes to create a template (a JSON schema: the HTTP layer validates it). */
export const TemplateInput = Type.Object(
  {
    friendlyName: Type.String({ minLength: 1, maxLength: 256 }),
    variables: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 1024 }), {
        description: 'Variable names and their sample values'
      })
    ),
    variants: Type.Record(Type.String(), Type.Unknown(), {
      description: 'By variant type: twilio/text, twilio/media, twilio/card, ...'
    })
  },
  { additionalProperties: false }
);
/** What the admin API takes to create a template. */
export type TemplateInput = Static<typeof TemplateInput>;

const Variants = boundedJson(MAX_TEMPLATE_VARIANTS_BYTES);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a template: at least one variant, each an object, a known type against its codec;
 * variable names of letters, digits and underscores. Throws `BadRequest` naming the field.
 */
export function checkTemplate(input: TemplateInput): void {
  const variables = input.variables ?? {};
  const names = Object.keys(variables);
  if (names.length > MAX_TEMPLATE_VARIABLES)
    throw new DomainError(ErrorCode.BadRequest, `At most ${MAX_TEMPLATE_VARIABLES} variables`, 'variables');
  for (const name of names) {
    if (!VARIABLE_PATTERN.test(name))
      throw new DomainError(ErrorCode.BadRequest, `Bad variable name '${name}'`, `variables.${name}`);
  }
  const bounded = decode(Variants, input.variants, 'variants');
  if (!bounded.ok) throw new DomainError(ErrorCode.BadRequest, bounded.message, bounded.path);
  const variants = input.variants;
  if (!isObject(variants) || Object.keys(variants).length === 0) {
    throw new DomainError(ErrorCode.BadRequest, 'variants must be an object with at least one variant', 'variants');
  }
  for (const [type, variant] of Object.entries(variants)) {
    if (!isObject(variant))
      throw new DomainError(ErrorCode.BadRequest, `variants.${type} must be an object`, `variants.${type}`);
    if (!isContentVariantType(type)) continue;
    const checked = decode(
      contentVariantCodecs[type] as t.Type<unknown, unknown, unknown>,
      variant,
      `variants.${type}`
    );
    if (!checked.ok) throw new DomainError(ErrorCode.BadRequest, checked.message, checked.path);
  }
}

/** Creates a template (admin API). */
export async function createTemplate(ctx: DomainContext, input: TemplateInput): Promise<ContentTemplateData> {
  checkTemplate(input);
  const now = ctx.now();
  const record: TemplateRecord = {
    sid: newSid(SidPrefix.Template),
    friendlyName: input.friendlyName,
    variables: input.variables ?? {},
    variants: input.variants as TemplateRecord['variants'],
    dateCreated: now,
    dateUpdated: now
  };
  await ctx.storage.transaction((tx) => tx.insertTemplate(record));
  return record;
}

/** Every template (admin API, and the `getContentTemplates` command for any user). */
export function listTemplates(ctx: DomainContext): Promise<CommandResult<'getContentTemplates'>> {
  return read(ctx, async (reader) => ({ items: await reader.listTemplates() }));
}

/** One template, or NotFound. */
export async function getTemplate(ctx: DomainContext, sid: string): Promise<ContentTemplateData> {
  const template = await read(ctx, (reader) => reader.getTemplate(sid));
  if (!template) throw new DomainError(ErrorCode.NotFound, 'Content template not found');
  return template;
}

/**
 * Deletes a template, or NotFound. Messages sent with it keep its sid; their `getContentData`
 * then fails with NotFound.
 */
export async function deleteTemplate(ctx: DomainContext, sid: string): Promise<void> {
  const deleted = await ctx.storage.transaction((tx) => tx.deleteTemplate(sid));
  if (!deleted) throw new DomainError(ErrorCode.NotFound, 'Content template not found');
}
