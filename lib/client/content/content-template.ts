import type { ContentTemplateData } from '../../protocol';
import { badArgument } from '../errors';
import { type ContentData, parseVariant } from './content-data';

/** A variable of a content template: its name and a value (the template's default, or one you set). */
export class ContentTemplateVariable {
  readonly name: string;
  readonly value: string;

  constructor(name: string, value: string) {
    if (typeof name !== 'string' || name === '')
      throw badArgument('ContentTemplateVariable', 'name', 'a non-empty string', name);
    if (typeof value !== 'string') throw badArgument('ContentTemplateVariable', 'value', 'a string', value);
    this.name = name;
    this.value = value;
    Object.freeze(this);
  }

  /** The same variable with another value. */
  copyWithValue(value: string): ContentTemplateVariable {
    return new ContentTemplateVariable(this.name, value);
  }
}

let makeContentTemplate: (data: ContentTemplateData) => ContentTemplate;

/** A rich content template of the service, frozen. */
export class ContentTemplate {
  /** `HX...` */
  readonly sid: string;
  readonly friendlyName: string;
  /** The variables with their default values. */
  readonly variables: ContentTemplateVariable[];
  /** The variants by type (`twilio/text`, `twilio/card`, ...), in the template's order. */
  readonly variants: Map<string, ContentData>;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;

  private constructor(data: ContentTemplateData) {
    this.sid = data.sid;
    this.friendlyName = data.friendlyName;
    this.variables = Object.freeze(
      Object.entries(data.variables).map(([name, value]) => new ContentTemplateVariable(name, value))
    ) as ContentTemplateVariable[];
    this.variants = new Map(Object.entries(data.variants).map(([type, value]) => [type, parseVariant(type, value)]));
    this.dateCreated = new Date(data.dateCreated);
    this.dateUpdated = new Date(data.dateUpdated);
    Object.freeze(this);
  }

  static {
    makeContentTemplate = (data) => new ContentTemplate(data);
  }
}

/** Makes a template from its wire data. */
export function createContentTemplate(data: ContentTemplateData): ContentTemplate {
  return makeContentTemplate(data);
}
