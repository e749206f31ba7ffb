import { css } from 'lit';

/**
 * GOV.UK-like look: plain, 19px text, high contrast, yellow focus, 44px buttons. Every colour and the font can be
 * themed with `--fc-*` custom properties; the panel sets its own text styles so a host page's CSS cannot change
 * them, and nothing here leaves the shadow root.
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
    --_panel-bg: var(--fc-muted-background, #f3f2f1);

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
  dd {
    margin: 0;
    padding: 0;
  }
  h2 {
    font-size: 1.42em;
    font-weight: 700;
    line-height: 1.2;
  }
  h3 {
    font-size: 1.16em;
    font-weight: 700;
    margin: 20px 0 10px;
  }
  h5 {
    font-size: 1em;
    font-weight: 700;
    margin-bottom: 5px;
  }
  p + p {
    margin-top: 5px;
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

  /* Header */
  .header {
    border-bottom: 1px solid var(--_border);
    padding-bottom: 10px;
    margin-bottom: 10px;
  }
  .child {
    margin-top: 5px;
  }

  /* Buttons: GOV.UK button, secondary button and link-style button */
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
    padding: 8px 12px 7px;
    border: 2px solid transparent;
    border-radius: 0;
    background: var(--_button);
    color: var(--_button-text);
    box-shadow: 0 2px 0 #002d18;
    font-weight: 400;
    line-height: 1.2;
    text-align: center;
  }
  .button:hover {
    filter: brightness(0.85);
  }
  .button--secondary {
    background: var(--_panel-bg);
    color: var(--_text);
    box-shadow: 0 2px 0 #929191;
  }
  .button[aria-disabled='true'] {
    opacity: 0.6;
    cursor: not-allowed;
    filter: none;
  }
  .link-button {
    min-height: 24px;
    padding: 2px 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }

  /* Focus: GOV.UK yellow, never colour alone (the dark underline shows on any background). */
  :focus {
    outline: 3px solid transparent;
  }
  a:focus-visible,
  .link-button:focus-visible,
  summary:focus-visible {
    background-color: var(--_focus);
    color: var(--_focus-text);
    box-shadow: 0 -2px var(--_focus), 0 4px var(--_focus-text);
    text-decoration: none;
  }
  .button:focus-visible {
    border-color: var(--_focus);
    background-color: var(--_focus);
    color: var(--_focus-text);
    box-shadow: inset 0 0 0 1px var(--_focus), 0 2px 0 var(--_focus-text);
    filter: none;
  }
  .section-button:focus-visible {
    background-color: var(--_focus);
    color: var(--_focus-text);
    box-shadow: 0 -2px var(--_focus), 0 4px var(--_focus-text);
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  .error-summary:focus {
    outline: 3px solid var(--_focus);
    outline-offset: 0;
  }

  /* People */
  .people-actions {
    margin-bottom: 10px;
  }
  .person {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 15px;
    align-items: flex-start;
    justify-content: space-between;
    padding: 10px 0;
    border-bottom: 1px solid var(--_border);
  }
  .person:first-child {
    border-top: 1px solid var(--_border);
  }
  .person-text {
    flex: 1 1 12em;
    min-width: 0;
  }
  .person-name {
    font-weight: 700;
  }
  .relationship {
    font-weight: 400;
  }
  .person-state {
    margin-top: 5px;
    font-weight: 700;
  }

  /* Error summary */
  .error-summary {
    margin: 15px 0;
    padding: 15px;
    border: 5px solid var(--_error);
  }
  .error-summary h3 {
    margin-top: 0;
  }
  .error-summary .button {
    margin-top: 10px;
  }

  /* Accordion */
  .accordion-controls {
    margin-bottom: 5px;
  }
  .section {
    border-top: 1px solid var(--_border);
    padding: 5px 0 10px;
  }
  .section:last-child {
    border-bottom: 1px solid var(--_border);
  }
  .section-heading {
    margin: 0;
    font-size: 1.16em;
    font-weight: 700;
  }
  .section-button {
    display: flex;
    width: 100%;
    min-height: 44px;
    align-items: center;
    justify-content: space-between;
    gap: 10px;
    padding: 8px 0;
    border: 0;
    background: none;
    color: var(--_text);
    font-weight: 700;
    text-align: start;
  }
  .section-button:hover .toggle {
    text-decoration-thickness: 3px;
  }
  .section-title {
    display: block;
  }
  .toggle {
    flex: none;
    display: inline-flex;
    align-items: center;
    gap: 6px;
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
  .section--open .chevron::after {
    top: 0.35em;
    transform: rotate(-45deg);
  }
  .overview {
    margin-bottom: 5px;
  }

  .section-content {
    padding-top: 10px;
  }

  /* Service blocks */
  .service {
    margin: 0 0 15px;
    padding: 10px 0 0 12px;
    border-left: 5px solid var(--_border);
  }
  .service--involved {
    border-left-color: var(--_accent);
  }
  .service--not-checked {
    border-left: 5px dashed var(--_text);
    background: var(--_panel-bg);
    padding: 10px 10px 5px 12px;
  }
  .group-list > li + li {
    margin-top: 10px;
  }
  .record {
    margin: 5px 0 10px;
  }
  .record + .record {
    border-top: 1px solid var(--_border);
    padding-top: 10px;
  }

  /* GOV.UK summary list: stacked when narrow, two columns when there is room. */
  .summary-list {
    margin-bottom: 5px;
  }
  .summary-row {
    padding: 5px 0;
    border-bottom: 1px solid var(--_border);
  }
  .summary-list dt {
    font-weight: 700;
  }
  .summary-list dd ul {
    padding-left: 1.1em;
    list-style: disc;
  }
  .line {
    display: block;
  }
  @container (min-width: 34em) {
    .summary-row {
      display: flex;
      gap: 15px;
    }
    .summary-list dt {
      flex: 0 0 35%;
    }
    .summary-list dd {
      flex: 1 1 auto;
      min-width: 0;
    }
  }

  details.possible {
    margin: 10px 0;
    padding: 5px 10px;
    border: 2px solid var(--_text);
  }
  details.possible summary {
    min-height: 24px;
    cursor: pointer;
    color: var(--_accent);
    font-weight: 700;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .source {
    margin-top: 5px;
  }

  /* GOV.UK warning text: icon plus words, never colour alone. */
  .warning {
    display: flex;
    gap: 10px;
    align-items: flex-start;
    margin: 5px 0;
    font-weight: 700;
  }
  .warning-icon {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.55em;
    height: 1.55em;
    border: 3px solid var(--_text);
    border-radius: 50%;
    background: var(--_text);
    color: var(--_bg);
    font-size: 0.95em;
    font-weight: 700;
    line-height: 1;
    forced-color-adjust: none;
  }

  .empty {
    margin-top: 10px;
  }

  @media (forced-colors: active) {
    .button,
    .section-button,
    .link-button {
      border: 2px solid ButtonText;
    }
    .button[aria-disabled='true'] {
      color: GrayText;
      border-color: GrayText;
    }
    :focus-visible {
      outline: 3px solid Highlight !important;
      outline-offset: 2px;
    }
    .warning-icon {
      background: CanvasText;
      color: Canvas;
      border-color: CanvasText;
    }
    .service--not-checked,
    details.possible,
    .error-summary {
      border-color: CanvasText;
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
`;
