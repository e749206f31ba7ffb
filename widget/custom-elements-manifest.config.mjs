// The custom-elements manifest of the widget (widget/custom-elements.json), as Lit's own projects publish: the
// panel's tag, properties, attributes, events, slots, CSS custom properties and CSS parts, for editors and
// documentation tools. Written by `npm run analyze`; `npm run lint` fails when it is out of date
// (test/check-custom-elements.mjs).
//
// The analyzer (with its Lit support) reads the properties and attributes from the class. Two things it cannot read
// from this code are filled in by the plugin below, from the source itself:
// - the tag: index.ts defines it through a constant (TAG_NAME), which the analyzer reports by the constant's name;
// - the element's documentation (@fires, @slot, @cssprop, @csspart) is the opening comment of
//   family-context-panel.ts, which the analyzer only reads when it sits on the class; and it takes the private
//   helper that dispatches every event for an event called "name".
import { readFileSync } from 'node:fs';

const ELEMENT_MODULE = 'widget/src/family-context-panel.ts';
const DEFINING_MODULE = 'widget/src/index.ts';

export default {
  // The element's module and the one that defines its tag: what a page using <family-context-panel> sees.
  globs: [ELEMENT_MODULE, DEFINING_MODULE],
  outdir: 'widget',
  litelement: true,
  dependencies: false,
  // package.json's "customElements" names widget/custom-elements.json itself: the lint check's runs, which write
  // elsewhere, must not rewrite it.
  packagejson: false,
  plugins: [documentedElement()],
};

function documentedElement() {
  return {
    name: 'family-context-documented-element',
    packageLinkPhase({ customElementsManifest }) {
      const tag = /export const TAG_NAME = '([a-z][a-z0-9-]*-[a-z0-9-]*)'/.exec(read(DEFINING_MODULE))?.[1];
      if (!tag) throw new Error(`${DEFINING_MODULE}: no "export const TAG_NAME = '<tag-name>'" found`);
      const docs = elementDocs(read(ELEMENT_MODULE));
      for (const module of customElementsManifest.modules) {
        for (const exported of module.exports ?? []) {
          if (exported.kind === 'custom-element-definition') {
            exported.name = tag;
            exported.declaration = { name: exported.declaration.name, module: ELEMENT_MODULE };
          }
        }
        for (const declaration of module.declarations ?? []) {
          if (!declaration.customElement) continue;
          Object.assign(declaration, { tagName: tag, description: docs.description, ...docs.tags });
        }
      }
    },
  };
}

function read(path) {
  return readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
}

/** The opening comment's prose and its @fires, @slot, @cssprop and @csspart tags, in the manifest's shape. */
function elementDocs(source) {
  const comment = /^\/\*\*([\s\S]*?)\*\//.exec(source)?.[1];
  if (!comment) throw new Error(`${ELEMENT_MODULE}: the opening /** ... */ comment is missing`);
  const lines = comment.split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  // A tag's description goes on over the following indented lines.
  const entries = [];
  const prose = [];
  for (const line of lines) {
    if (line.startsWith('@')) entries.push(line);
    else if (entries.length && /^\s+\S/.test(line)) entries[entries.length - 1] += ` ${line.trim()}`;
    else if (!entries.length) prose.push(line);
  }
  const tags = { events: [], slots: [], cssProperties: [], cssParts: [] };
  for (const entry of entries) {
    const tagged = /^@(fires|slot|cssprop|csspart)\s+(\[[^\]]+\]|\S+)\s+-\s+(.*)$/.exec(entry);
    if (!tagged) continue;
    const [, kind, target, description] = tagged;
    if (kind === 'cssprop') {
      const [, name, value] = /^\[?([^=\]]+)(?:=([^\]]*))?\]?$/.exec(target);
      tags.cssProperties.push({ name, ...(value !== undefined ? { default: value } : {}), description });
    } else {
      const list = { fires: tags.events, slot: tags.slots, csspart: tags.cssParts }[kind];
      list.push({ name: target, description });
    }
  }
  const paragraphs = prose
    .join('\n')
    .trim()
    .split(/\n\s*\n/);
  const description = paragraphs.map((paragraph) => paragraph.split('\n').join(' ')).join('\n\n');
  return { description, tags };
}
