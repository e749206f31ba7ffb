import { css } from 'lit';

/**
 * GOV.UK-like look: plain, 19px text, high contrast, yellow focus, large targets. Every colour, the font and
 * the logo can be themed with `--fc-*` custom properties; the panel sets its own text styles so a host page's
 * CSS cannot change them, and nothing here leaves the shadow root. Sizes are in em so a larger
 * `--fc-font-size` scales the whole panel; layouts wrap rather than scroll sideways down to 320 CSS px.
 */
export const panelStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  :host([hidden]) {
    display: none;
  }

  .panel {
    --_text: var(--fc-text-colour, #0b0c0c);
    --_secondary: var(--fc-secondary-text-colour, #484949);
    --_bg: var(--fc-background, #ffffff);
    --_accent: var(--fc-accent-colour, #1d70b8);
    --_button: var(--fc-button-colour, #00703c);
    --_button-text: var(--fc-button-text-colour, #ffffff);
    --_focus: var(--fc-focus-colour, #ffdd00);
    --_focus-text: var(--fc-focus-text-colour, #0b0c0c);
    --_border: var(--fc-border-colour, #b1b4b6);
    --_error: var(--fc-error-colour, #d4351c);
    --_success: var(--fc-success-colour, #00703c);
    --_muted: var(--fc-muted-background, #f3f2f1);

    container-type: inline-size;
    box-sizing: border-box;
    padding: var(--fc-padding, 15px);
    background: var(--_bg);
    color: var(--_text);
    font-family: var(--fc-font-family, 'GDS Transport', arial, sans-serif);
    font-size: var(--fc-font-size, 19px);
    font-weight: 400;
    font-style: normal;
    line-height: 1.32;
    letter-spacing: normal;
    word-spacing: normal;
    text-align: start;
    text-transform: none;
    text-indent: 0;
    white-space: normal;
    overflow-wrap: anywhere;
    -webkit-font-smoothing: antialiased;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  h2,
  h3,
  h4,
  h5,
  p,
  ul,
  dl,
  dd,
  fieldset,
  legend {
    margin: 0;
    padding: 0;
  }
  fieldset {
    border: 0;
    min-width: 0;
  }
  h2 {
    font-size: 1.42em;
    font-weight: 700;
    line-height: 1.2;
  }
  h3 {
    font-size: 1.1em;
    font-weight: 700;
  }
  h4,
  h5 {
    font-size: 1em;
    font-weight: 700;
  }
  ul {
    list-style: none;
  }
  strong {
    font-weight: 700;
  }
  a {
    color: var(--_accent);
    text-decoration: underline;
    text-decoration-thickness: max(1px, 0.0625rem);
    text-underline-offset: 0.15em;
  }
  a:hover {
    text-decoration-thickness: max(3px, 0.1875rem);
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    border: 0 !important;
    white-space: nowrap !important;
  }
  .small,
  .meta {
    font-size: 0.84em;
    color: var(--_secondary);
  }
  .line {
    display: block;
  }

  /* Header: logo (slot, logo-src or --fc-logo), title, child */
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4em 0.8em;
    border-bottom: 1px solid var(--_border);
    padding-bottom: 0.5em;
    margin-bottom: 0.6em;
  }
  .logo--img {
    display: block;
    max-height: var(--fc-logo-height, 40px);
    max-width: 10em;
  }
  .logo--css {
    display: block;
    width: var(--fc-logo-width, 0);
    height: var(--fc-logo-height, 40px);
    background: var(--fc-logo, none) no-repeat left center / contain;
  }
  .child {
    margin-top: 0.2em;
  }

  /* Buttons: GOV.UK button, secondary button, small buttons and link-style buttons */
  button {
    font: inherit;
    color: inherit;
    margin: 0;
    cursor: pointer;
  }
  .button {
    display: inline-block;
    min-height: 44px;
    min-width: 44px;
    padding: 0.4em 0.65em 0.35em;
    border: 2px solid transparent;
    border-radius: 0;
    background: var(--_button);
    color: var(--_button-text);
    box-shadow: 0 2px 0 #002d18;
    line-height: 1.2;
    text-align: center;
  }
  .button:hover {
    filter: brightness(0.85);
  }
  .button--secondary {
    background: var(--_muted);
    color: var(--_text);
    box-shadow: 0 2px 0 #929191;
  }
  .button[aria-disabled='true'],
  .small-button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
    filter: none;
  }
  .small-button,
  .copy-button {
    min-height: 32px;
    min-width: 32px;
    padding: 0.15em 0.5em;
    border: 1px solid var(--_secondary);
    border-radius: 0;
    background: var(--_muted);
    color: var(--_text);
    font-size: 0.84em;
    line-height: 1.2;
  }
  .small-button--quiet {
    background: var(--_bg);
  }
  .link-button {
    min-height: 24px;
    padding: 2px 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.15em;
    text-align: start;
  }

  /* Focus: GOV.UK yellow with a dark edge, so it shows on any background and is never colour alone. */
  :focus {
    outline: 3px solid transparent;
  }
  a:focus-visible,
  .link-button:focus-visible,
  summary:focus-visible,
  .section-button:focus-visible {
    background-color: var(--_focus);
    color: var(--_focus-text);
    box-shadow: 0 -2px var(--_focus), 0 4px var(--_focus-text);
    text-decoration: none;
  }
  .section-button:focus-visible .toggle {
    color: var(--_focus-text);
  }
  .button:focus-visible,
  .small-button:focus-visible,
  .copy-button:focus-visible {
    border-color: var(--_focus);
    background-color: var(--_focus);
    color: var(--_focus-text);
    box-shadow: inset 0 0 0 1px var(--_focus), 0 2px 0 var(--_focus-text);
    outline: 2px solid var(--_focus-text);
    outline-offset: 0;
    filter: none;
  }
  .input:focus,
  textarea:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
    box-shadow: inset 0 0 0 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  .error-summary:focus,
  .confirmation:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
  }

  /* Toolbar and people */
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin-bottom: 0.6em;
  }
  .people-heading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.2em 1em;
    margin: 0.6em 0 0.3em;
  }
  .person {
    /* People scrolled out of view are not laid out until they come near (a long family stays fast). */
    content-visibility: auto;
    contain-intrinsic-size: auto 7em;
    /* Room inside the li (which clips, being contained) for focus outlines. */
    margin-inline: -8px;
    padding: 0.45em 8px 0.55em;
    border-bottom: 1px solid var(--_border);
  }
  .person:first-child {
    border-top: 1px solid var(--_border);
  }
  .person-head {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: 0.3em 0.6em;
  }
  .person-heading {
    flex: 1 1 10em;
    min-width: 0;
  }
  .person-heading > .person-name {
    display: block;
    padding-top: 0.3em;
  }
  .relationship {
    font-weight: 400;
  }
  .check-button {
    flex: none;
  }
  .small-button.check-button {
    margin-top: 0.3em;
  }
  .toolbar {
    align-items: center;
  }
  .toolbar-button {
    min-height: 36px;
  }
  .person-state {
    margin-top: 0.2em;
    font-weight: 700;
  }

  /* Accordion: the person's name is the button */
  .section-button {
    display: flex;
    width: 100%;
    min-height: 44px;
    align-items: center;
    justify-content: space-between;
    gap: 0.5em;
    padding: 0.3em 0;
    border: 0;
    background: none;
    color: var(--_text);
    font-weight: 700;
    text-align: start;
  }
  .section-button:hover .toggle {
    text-decoration-thickness: 3px;
  }
  .toggle {
    flex: none;
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    color: var(--_accent);
    font-size: 0.84em;
    font-weight: 400;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .chevron {
    display: inline-block;
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-radius: 50%;
    position: relative;
  }
  .chevron::after {
    content: '';
    position: absolute;
    left: 0.3em;
    top: 0.22em;
    width: 0.3em;
    height: 0.3em;
    border-top: 2px solid currentColor;
    border-right: 2px solid currentColor;
    transform: rotate(135deg);
    transition: transform 0.15s ease-in-out;
  }
  .person--open .chevron::after {
    top: 0.35em;
    transform: rotate(-45deg);
  }
  .overview {
    margin-top: 0.25em;
  }
  .overview-part {
    display: inline;
  }
  .overview-part--notApplicable,
  .overview-part--dismissed {
    color: var(--_secondary);
  }

  /* Status tags (GOV.UK tag colours): each a different word, so the colour is never the only cue. */
  .tag {
    display: inline-block;
    padding: 0 0.35em;
    border: 1px solid transparent;
    font-weight: 700;
    line-height: 1.3;
  }
  .tag--involved {
    background: #bbd4ea;
    color: #0c2d4a;
  }
  .tag--possible {
    background: #fcd6c3;
    color: #6e3619;
  }
  .tag--not-checked {
    background: #f4cdc6;
    color: #2a0b06;
  }
  .tag--not-found {
    background: #cce2d8;
    color: #005a30;
  }
  .not-shown {
    margin-top: 0.5em;
  }
  .tag--muted {
    background: #e5e6e7;
    color: #282d30;
    font-weight: 400;
  }
  .overview-part--notChecked .warning-icon {
    margin-right: 0.25em;
    vertical-align: text-bottom;
  }
  .section-content {
    margin-top: 0.5em;
  }

  /* Involved services: compact contact cards */
  .service {
    margin: 0 0 0.6em;
    padding: 0.35em 0 0.35em 0.6em;
    border-left: 5px solid var(--_accent);
  }
  .service > h5 {
    margin-bottom: 0.15em;
  }
  .record + .record {
    border-top: 1px solid var(--_border);
    padding-top: 0.4em;
    margin-top: 0.4em;
  }
  .summary-row {
    padding: 0.1em 0;
  }
  .summary-list dt {
    font-weight: 700;
    font-size: 0.84em;
    color: var(--_secondary);
  }
  .summary-list dd {
    min-width: 0;
  }
  @container (min-width: 22em) {
    .summary-row {
      display: flex;
      gap: 0.6em;
    }
    .summary-list dt {
      flex: 0 0 7.2em;
      overflow-wrap: break-word;
      padding-top: 0.12em;
    }
    .summary-list dd {
      flex: 1 1 auto;
    }
  }
  .detail-list {
    list-style: disc;
    padding-left: 1.1em;
  }
  .contact-line {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.1em 0.5em;
    margin-top: 0.15em;
  }
  .copy-failed {
    flex-basis: 100%;
  }
  .match {
    margin-top: 0.2em;
  }
  .source {
    margin-top: 0.3em;
  }
  .feedback {
    margin-top: 0.35em;
  }
  .button-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    margin-top: 0.3em;
  }
  .confirmation {
    margin: 0.4em 0;
    padding: 0.3em 0.6em;
    border-left: 5px solid var(--_success);
    font-weight: 700;
  }

  details.possible {
    margin: 0 0 0.6em;
    padding: 0.3em 0.6em;
    border: 2px dashed var(--_text);
  }
  details.possible summary,
  details.sources summary {
    min-height: 24px;
    cursor: pointer;
    color: var(--_accent);
    font-weight: 700;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  details.possible[open] summary {
    margin-bottom: 0.3em;
  }

  /* Statuses: never colour alone. Not checked has an icon, a heavy dashed border and a shaded block. */
  .status-block {
    margin: 0 0 0.6em;
    padding: 0.3em 0 0.3em 0.6em;
    border-left: 5px solid var(--_border);
  }
  .status-block--not-checked {
    padding: 0.4em 0.6em;
    border: 3px dashed var(--_text);
    border-left-width: 6px;
    background: var(--_muted);
  }
  .status-block--not-applicable h5 {
    font-weight: 400;
  }
  .status-list > li + li {
    margin-top: 0.3em;
  }

  /* GOV.UK warning text: icon plus words. */
  .warning {
    display: flex;
    gap: 0.5em;
    align-items: flex-start;
    margin: 0.2em 0;
    font-weight: 700;
  }
  .warning-icon {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.4em;
    height: 1.4em;
    border: 2px solid var(--_text);
    border-radius: 50%;
    background: var(--_text);
    color: var(--_bg);
    font-size: 0.9em;
    font-weight: 700;
    line-height: 1;
  }
  .warning-icon::before {
    content: '!';
  }
  .stale {
    font-size: 0.9em;
  }

  /* Errors and forms (GOV.UK error summary, form groups, inputs) */
  .error-summary {
    margin: 0.6em 0;
    padding: 0.6em;
    border: 5px solid var(--_error);
  }
  .error-summary > * + * {
    margin-top: 0.4em;
  }
  .error-list a {
    color: var(--_error);
    font-weight: 700;
  }
  .error-message {
    color: var(--_error);
    font-weight: 700;
    margin: 0.2em 0;
  }
  .form-group {
    margin: 0.6em 0;
  }
  .form-group--error {
    padding-left: 0.6em;
    border-left: 5px solid var(--_error);
  }
  .label {
    display: block;
    font-weight: 700;
    margin-bottom: 0.2em;
  }
  .label--small {
    font-weight: 400;
  }
  .hint {
    color: var(--_secondary);
    margin-bottom: 0.2em;
  }
  .input,
  textarea {
    display: block;
    width: 100%;
    min-height: 40px;
    padding: 0.2em 0.3em;
    border: 2px solid var(--_text);
    border-radius: 0;
    background: var(--_bg);
    color: var(--_text);
    font: inherit;
  }
  .form-group--error .input,
  .form-group--error textarea {
    border-color: var(--_error);
  }
  .input--2 {
    width: 3.2em;
  }
  .input--4 {
    width: 4.8em;
  }
  .input--10 {
    max-width: 12em;
  }
  .date-input {
    display: flex;
    flex-wrap: wrap;
    gap: 0.6em;
  }
  .search {
    margin-top: 0.8em;
  }
  .search-form[hidden] {
    display: none;
  }
  .search-form {
    margin-top: 0.4em;
    padding: 0.1em 0 0.4em 0.6em;
    border-left: 5px solid var(--_border);
  }

  details.sources {
    margin-top: 0.8em;
  }
  details.sources .summary-list {
    margin-top: 0.4em;
  }
  details.sources .summary-row + .summary-row {
    border-top: 1px solid var(--_border);
  }

  .unreadable {
    margin: 0.4em 0;
    padding: 0.4em 0.6em;
    border: 3px dashed var(--_text);
    border-left-width: 6px;
    background: var(--_muted);
  }

  .empty {
    margin-top: 0.6em;
  }
  .empty p + p {
    margin-top: 0.3em;
  }
  .print-only {
    display: none;
  }

  @media (forced-colors: active) {
    .button,
    .small-button,
    .copy-button,
    .input,
    textarea {
      border: 2px solid ButtonText;
    }
    .link-button,
    .section-button {
      color: LinkText;
    }
    .button[aria-disabled='true'],
    .small-button[aria-disabled='true'] {
      color: GrayText;
      border-color: GrayText;
    }
    :focus-visible {
      outline: 3px solid Highlight !important;
      outline-offset: 2px;
    }
    .tag {
      border-color: CanvasText;
    }
    .warning-icon {
      forced-color-adjust: none;
      background: CanvasText;
      color: Canvas;
      border-color: CanvasText;
    }
    .service,
    .status-block,
    .status-block--not-checked,
    details.possible,
    .error-summary,
    .form-group--error,
    .confirmation {
      border-color: CanvasText;
    }
    .error-message,
    .error-list a {
      color: CanvasText;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }

  /* Print: everything open, no controls, black on white. */
  @media print {
    .screen-only {
      display: none !important;
    }
    .panel {
      padding: 0;
      color: #000;
      background: #fff;
      font-size: 11pt;
    }
    button:not(.section-button),
    .toolbar,
    .search,
    .feedback,
    .toggle,
    .overview-part .warning-icon {
      display: none !important;
    }
    .section-button {
      min-height: 0;
      padding: 0;
      color: #000;
    }
    .section-content[hidden] {
      display: block !important;
      content-visibility: visible !important;
    }
    .print-only {
      display: block;
      margin-bottom: 0.5em;
    }
    .marking {
      text-align: center;
      font-size: 1.1em;
      letter-spacing: 0.05em;
      margin-bottom: 0.3em;
    }
    a {
      color: #000;
      text-decoration: none;
    }
    .person,
    .service,
    details.possible {
      break-inside: avoid;
    }
    .tag {
      border-color: #000;
    }
  }
`;
