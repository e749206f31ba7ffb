/**
 * Contact links from source data (issue 17 #9, the widget's side): a `tel:` only for the digits shown, a `mailto:`
 * only for exactly one address with nothing after it; anything else is text with its copy button.
 */
import { expect } from '@open-wc/testing';
import { mailtoHref, telHref } from '../../widget/src/contact-links.js';
import type { InvolvementRecord } from '../../server/src/api/contract.js';
import { context, father, policeRecord, service } from './fixtures.js';
import { FakeApi, handlerFor, mount, root, serviceBlock, settled, textOf } from './fake-api.js';

describe('contact links from source data', () => {
  it('makes tel: from digits, spaces and a leading + only', () => {
    expect(telHref('0161 496 0731')).to.equal('tel:01614960731');
    expect(telHref(' +44 161 496 0731 ')).to.equal('tel:+441614960731');
    expect(telHref('javascript:alert(1)//07700 900417')).to.equal(undefined);
    expect(telHref('07700 900417;ext=2')).to.equal(undefined);
    expect(telHref('0161-496-0731')).to.equal(undefined);
    expect(telHref('44+1')).to.equal(undefined);
    expect(telHref('')).to.equal(undefined);
  });

  it('makes mailto: for exactly one address and no query', () => {
    expect(mailtoHref('s.brennan@stockport-council.example')).to.equal('mailto:s.brennan@stockport-council.example');
    expect(mailtoHref('a@b.c?bcc=x@y.z&body=Hello')).to.equal(undefined);
    expect(mailtoHref('a@b.c&cc=x@y.z')).to.equal(undefined);
    expect(mailtoHref('a@b.c,x@y.z')).to.equal(undefined);
    expect(mailtoHref('a@b.c;x@y.z')).to.equal(undefined);
    expect(mailtoHref('a@b.c%3Fbcc=x@y.z')).to.equal(undefined);
    expect(mailtoHref('javascript:alert(1)//a@b.c')).to.equal(undefined);
    expect(mailtoHref('not an address')).to.equal(undefined);
  });

  it('shows a hostile phone number and email address as text with a copy button, never as a link', async () => {
    const hostile: InvolvementRecord = {
      ...policeRecord,
      contact: {
        name: 'PC Dana Hill',
        phone: 'javascript:alert(1)//07700 900417',
        email: 'a@b.c?bcc=x@y.z&body=Hello',
      },
    };
    const api = new FakeApi(
      handlerFor({
        kind: 'answer',
        override: { [father.cmsId!]: [service('police', 'involved', 'Known.', [hostile])] },
      }),
    );
    try {
      const el = await mount(context);
      const check = [...root(el).querySelectorAll<HTMLButtonElement>('[part="check-button"]')].find((b) =>
        textOf(b).startsWith('Check Mark Smith'),
      )!;
      check.click();
      await settled(el);
      const police = serviceBlock(el, 'Mark Smith', 'Police');
      expect([...police.querySelectorAll('a')].map((a) => a.getAttribute('href'))).to.deep.equal([]);
      expect(textOf(police)).to.contain('javascript:alert(1)//07700 900417');
      expect([...police.querySelectorAll('[part="copy-button"]')].length).to.equal(2);
      expect([...root(el).querySelectorAll('a[href^="javascript:"], a[href*="?"]')].length).to.equal(0);
    } finally {
      api.restore();
    }
  });
});
