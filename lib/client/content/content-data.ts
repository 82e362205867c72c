import type * as t from 'io-ts';
import {
  type ActionData,
  type ContentVariantType,
  contentVariantCodecs,
  decode,
  isContentVariantType
} from '../../protocol';

/** A URL button. */
export interface ContentDataActionUrl {
  readonly type: 'url';
  readonly title: string;
  readonly url: string;
  readonly rawData: string;
}
/** A phone button. */
export interface ContentDataActionPhone {
  readonly type: 'phone';
  readonly title: string;
  readonly phone: string;
  readonly rawData: string;
}
/** A quick-reply button of a card. */
export interface ContentDataActionReply {
  readonly type: 'reply';
  readonly title: string;
  readonly id?: string;
  readonly index: number;
  readonly rawData: string;
}
/** A button of a type this library does not know. */
export interface ContentDataActionOther {
  readonly type: 'other';
  readonly rawData: string;
}
/** A button of a call-to-action or a card. */
export type ContentDataAction =
  ContentDataActionUrl | ContentDataActionPhone | ContentDataActionReply | ContentDataActionOther;

/** `twilio/text`. */
export interface ContentDataText {
  readonly type: 'text';
  readonly body: string;
  readonly rawData: string;
}
/** `twilio/media`: media are URLs. */
export interface ContentDataMedia {
  readonly type: 'media';
  readonly body?: string;
  readonly media: string[];
  readonly rawData: string;
}
/** `twilio/location`. */
export interface ContentDataLocation {
  readonly type: 'location';
  readonly longitude: number;
  readonly latitude: number;
  readonly label?: string;
  readonly rawData: string;
}
/** A quick reply. */
export interface ContentDataReply {
  readonly title: string;
  readonly id?: string;
}
/** `twilio/quick-reply`. */
export interface ContentDataQuickReply {
  readonly type: 'quickReply';
  readonly body: string;
  readonly replies: ContentDataReply[];
  readonly rawData: string;
}
/** `twilio/call-to-action`. */
export interface ContentDataCallToAction {
  readonly type: 'callToAction';
  readonly body: string;
  readonly actions: ContentDataAction[];
  readonly rawData: string;
}
/** An item of a list picker. */
export interface ContentDataListItem {
  readonly id: string;
  readonly item: string;
  readonly description?: string;
}
/** `twilio/list-picker`. */
export interface ContentDataListPicker {
  readonly type: 'listPicker';
  readonly body: string;
  readonly button: string;
  readonly items: ContentDataListItem[];
  readonly rawData: string;
}
/** `twilio/card`. */
export interface ContentDataCard {
  readonly type: 'card';
  readonly title: string;
  readonly subtitle?: string;
  readonly media: string[];
  readonly actions: ContentDataAction[];
  readonly rawData: string;
}
/** A variant of a type this library does not know: its JSON only. */
export interface ContentDataOther {
  readonly type: 'other';
  readonly rawData: string;
}
/** Rich content: a discriminated union on `type`; `rawData` keeps the variant's JSON. */
export type ContentData =
  | ContentDataText
  | ContentDataMedia
  | ContentDataLocation
  | ContentDataQuickReply
  | ContentDataCallToAction
  | ContentDataListPicker
  | ContentDataCard
  | ContentDataOther;

function action(raw: t.TypeOf<typeof ActionData>, index: number): ContentDataAction {
  const rawData = JSON.stringify(raw);
  switch (raw.type) {
    case 'URL':
      return { type: 'url', title: raw.title, url: raw.url, rawData };
    case 'PHONE_NUMBER':
      return { type: 'phone', title: raw.title, phone: raw.phone, rawData };
    case 'QUICK_REPLY':
      return { type: 'reply', title: raw.title, ...(raw.id === undefined ? {} : { id: raw.id }), index, rawData };
  }
}

function parseKnown(type: ContentVariantType, value: unknown, rawData: string): ContentData | null {
  const decoded = decode(contentVariantCodecs[type] as t.Type<unknown, unknown, unknown>, value);
  if (!decoded.ok) return null;
  const v = decoded.value as Record<string, never>;
  switch (type) {
    case 'twilio/text':
      return { type: 'text', body: v.body, rawData };
    case 'twilio/media':
      return {
        type: 'media',
        ...(v.body === undefined ? {} : { body: v.body }),
        media: [...(v.media as string[])],
        rawData
      };
    case 'twilio/location':
      return {
        type: 'location',
        latitude: v.latitude,
        longitude: v.longitude,
        ...(v.label === undefined ? {} : { label: v.label }),
        rawData
      };
    case 'twilio/quick-reply':
      return {
        type: 'quickReply',
        body: v.body,
        replies: (v.actions as ContentDataReply[]).map((r) => ({
          title: r.title,
          ...(r.id === undefined ? {} : { id: r.id })
        })),
        rawData
      };
    case 'twilio/call-to-action':
      return {
        type: 'callToAction',
        body: v.body,
        actions: (v.actions as t.TypeOf<typeof ActionData>[]).map(action),
        rawData
      };
    case 'twilio/list-picker':
      return {
        type: 'listPicker',
        body: v.body,
        button: v.button,
        items: (v.items as ContentDataListItem[]).map((i) => ({ ...i })),
        rawData
      };
    case 'twilio/card':
      return {
        type: 'card',
        title: v.title,
        ...(v.subtitle === undefined ? {} : { subtitle: v.subtitle }),
        media: [...((v.media as string[] | undefined) ?? [])],
        actions: ((v.actions as t.TypeOf<typeof ActionData>[] | undefined) ?? []).map(action),
        rawData
      };
  }
}

/** Parses one variant (`twilio/text`, ...) into ContentData; an unknown or malformed one is `other`. */
export function parseVariant(type: string, value: unknown): ContentData {
  const rawData = JSON.stringify(value);
  const known = isContentVariantType(type) ? parseKnown(type, value, rawData) : null;
  return deepFreeze(known ?? { type: 'other', rawData });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
