// Screenshots an HTML file with headless Chromium, driven over the DevTools
// protocol on a pipe (no port, no network): the page is laid out at the
// phone's width, measured, and captured whole. pngquant, when installed, then
// shrinks the PNG to a palette image (a few tens of KB instead of hundreds).
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Readable, Writable } from 'stream';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--hide-scrollbars',
];

type Message = { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; sessionId?: string };

export class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private readonly listeners: Array<{ method: string; sessionId: string; resolve: () => void }> = [];
  private buffered = '';
  private stderr = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
    private readonly profile: string,
  ) {
    fromBrowser.setEncoding('utf8');
    fromBrowser.on('data', (chunk: string) => this.receive(chunk));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', (code) => {
      for (const { reject } of this.pending.values()) reject(new Error(`chromium exited (${code}):\n${this.stderr}`));
      this.pending.clear();
    });
  }

  /** Starts Chromium (`$CHROMIUM`, or `chromium` on the PATH) with an empty profile. */
  static async launch(executable: string = process.env.CHROMIUM ?? 'chromium'): Promise<Browser> {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'page-pictures-'));
    const child = spawn(executable, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'ENOENT'
            ? new Error(`${executable} not found: apt-get install -y chromium fonts-wqy-microhei (or set CHROMIUM to a Chromium binary)`)
            : error,
        ),
      );
    });
    return new Browser(child, child.stdio[3] as Writable, child.stdio[4] as Readable, profile);
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let end: number;
    while ((end = this.buffered.indexOf('\0')) >= 0) {
      const message = JSON.parse(this.buffered.slice(0, end)) as Message;
      this.buffered = this.buffered.slice(end + 1);
      if (message.id === undefined) {
        this.dispatchEvent(message);
        continue;
      }
      const waiting = this.pending.get(message.id);
      if (waiting === undefined) continue;
      this.pending.delete(message.id as number);
      if (message.error !== undefined) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result ?? {});
    }
  }

  private dispatchEvent({ method, sessionId }: Message): void {
    const index = this.listeners.findIndex((listener) => listener.method === method && listener.sessionId === sessionId);
    if (index >= 0) this.listeners.splice(index, 1)[0].resolve();
  }

  private nextEvent(method: string, sessionId: string): Promise<void> {
    return new Promise((resolve) => this.listeners.push({ method, sessionId, resolve }));
  }

  private send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  private async evaluate(expression: string, sessionId: string): Promise<unknown> {
    const answer = await this.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }, sessionId);
    return (answer.result as { value?: unknown } | undefined)?.value;
  }

  /** A PNG of the whole page, `width` CSS pixels wide and at least `minHeight` tall. */
  async screenshot(htmlFile: string, width: number, minHeight: number): Promise<Buffer> {
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    try {
      const metrics = { width, height: minHeight, deviceScaleFactor: 1, mobile: false };
      await this.send('Emulation.setDeviceMetricsOverride', metrics, sessionId);
      await this.send('Page.enable', {}, sessionId);
      const loaded = this.nextEvent('Page.loadEventFired', sessionId);
      await this.send('Page.navigate', { url: pathToFileURL(path.resolve(htmlFile)).href }, sessionId);
      await loaded;
      const height = await this.evaluate(
        'document.fonts.ready.then(() => Math.ceil(document.documentElement.getBoundingClientRect().height))',
        sessionId,
      );
      if (typeof height !== 'number' || !(height > 0)) throw new Error(`could not measure ${htmlFile}`);
      await this.send('Emulation.setDeviceMetricsOverride', { ...metrics, height: Math.max(height, minHeight) }, sessionId);
      const { data } = (await this.send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string };
      return Buffer.from(data, 'base64');
    } finally {
      await this.send('Target.closeTarget', { targetId });
    }
  }

  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.send('Browser.close').catch(() => undefined);
    await exited;
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

/** The PNG through pngquant when it is installed; otherwise the PNG as it is, and a note saying so. */
export function compressPng(png: Buffer, log: (line: string) => void): Buffer {
  const run = spawnSync('pngquant', ['--quality=60-85', '--speed=1', '--strip', '-'], { input: png, maxBuffer: 64 * 1024 * 1024 });
  if (run.error !== undefined) {
    log('pngquant not found (apt-get install -y pngquant): keeping the uncompressed PNG');
    return png;
  }
  if (run.status !== 0) throw new Error(`pngquant failed (${run.status}): ${run.stderr.toString()}`);
  return run.stdout;
}
