import { DEFAULT_DATABASE, DEFAULT_DEMO_DATABASE, parseConfig } from '../../lib/cli/config';

describe('rx-conversations demo: options', () => {
  it('defaults: the page on 8080, its server on the next port, its own database', () => {
    const config = parseConfig(['demo'], {});
    expect(config).toMatchObject({
      command: 'demo',
      port: 8080,
      serverPort: 8081,
      host: '127.0.0.1',
      database: DEFAULT_DEMO_DATABASE
    });
    expect(DEFAULT_DEMO_DATABASE).not.toBe(DEFAULT_DATABASE);
    expect(parseConfig(['serve'], {}).database).toBe(DEFAULT_DATABASE);
  });

  it('flags and environment', () => {
    expect(parseConfig(['demo', '--port', '9000'], {})).toMatchObject({ port: 9000, serverPort: 9001 });
    expect(parseConfig(['demo', '--port', '0'], {})).toMatchObject({ port: 0, serverPort: 0 });
    expect(parseConfig(['demo', '--server-port', '7000'], { RXC_PORT: '9100' })).toMatchObject({
      port: 9100,
      serverPort: 7000
    });
    expect(parseConfig(['demo'], { RXC_DATABASE: '/tmp/x.db' }).database).toBe('/tmp/x.db');
    expect(() => parseConfig(['demo', '--server-port', 'abc'], {})).toThrow(/server-port must be a whole number/);
  });
});
