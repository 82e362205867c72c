import * as t from 'io-ts';
import { union, intersection } from './combinators';
import { boundedString } from './json';

/**
 * The variants of a rich content template, in the reference service's raw shapes, keyed by
 * variant type. The admin API checks a known variant against its codec; a variant of another
 * type must be a JSON object and reaches clients as `other`.
 */

const Text = boundedString(1600, 1);
const Title = boundedString(256, 1);
const Url = boundedString(2048, 1);

/** `twilio/text`. */
export const TextVariant = t.type({ body: Text });
/** `twilio/media`: media are URLs. */
export const MediaVariant = intersection([t.type({ media: t.array(Url) }), t.partial({ body: Text })]);
/** `twilio/location`. */
export const LocationVariant = intersection([
  t.type({ latitude: t.number, longitude: t.number }),
  t.partial({ label: Title })
]);
/** A quick-reply button. */
export const ReplyAction = intersection([t.type({ title: Title }), t.partial({ id: Title })]);
/** `twilio/quick-reply`: up to 10 buttons. */
export const QuickReplyVariant = t.type({ body: Text, actions: t.array(ReplyAction) });
/** A call-to-action or card button, by the service's action type. */
export const ActionData = union([
  t.type({ type: t.literal('URL'), title: Title, url: Url }),
  t.type({ type: t.literal('PHONE_NUMBER'), title: Title, phone: Title }),
  intersection([t.type({ type: t.literal('QUICK_REPLY'), title: Title }), t.partial({ id: Title })])
]);
/** `twilio/call-to-action`. */
export const CallToActionVariant = t.type({ body: Text, actions: t.array(ActionData) });
/** An item of a list picker. */
export const ListItemData = intersection([t.type({ id: Title, item: Title }), t.partial({ description: Title })]);
/** `twilio/list-picker`. */
export const ListPickerVariant = t.type({ body: Text, button: Title, items: t.array(ListItemData) });
/** `twilio/card`. */
export const CardVariant = intersection([
  t.type({ title: Title }),
  t.partial({ subtitle: Title, media: t.array(Url), actions: t.array(ActionData) })
]);

/** The codec of each known variant type. */
export const contentVariantCodecs = {
  'twilio/text': TextVariant,
  'twilio/media': MediaVariant,
  'twilio/location': LocationVariant,
  'twilio/quick-reply': QuickReplyVariant,
  'twilio/call-to-action': CallToActionVariant,
  'twilio/list-picker': ListPickerVariant,
  'twilio/card': CardVariant
} as const;

/** A known variant type. */
export type ContentVariantType = keyof typeof contentVariantCodecs;

/** Whether a string names a known variant type. */
export function isContentVariantType(type: string): type is ContentVariantType {
  return Object.prototype.hasOwnProperty.call(contentVariantCodecs, type);
}

/** A variable name: letters, digits and underscores, as used in `{{name}}` placeholders. */
export const VARIABLE_PATTERN = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Replaces every `{{name}}` placeholder in the strings of `value` (deeply) with the variable's
 * value; a placeholder without a value stays as it is.
 */
export function substituteVariables<T>(value: T, variables: Readonly<Record<string, string>>): T {
  const replace = (text: string) =>
    text.replace(/\{\{\s*([A-Za-z0-9_]{1,64})\s*\}\}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : whole
    );
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return replace(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, inner]) => [key, walk(inner)]));
    }
    return node;
  };
  return walk(value) as T;
}
