// `npm run emulator`: the emulator on 127.0.0.1 until Ctrl-C, for trying the
// HTTPS transport by hand (npm start -- --live pointed at it).
import { startEmulatorServer } from '../emulator/emulatorServer';

async function serve(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? 0);
  const server = await startEmulatorServer({ port: Number.isInteger(port) && port >= 0 ? port : 0 });
  process.stdout.write(
    [
      `Logistics emulator listening on ${server.baseUrl} (placeholder credentials below, not a real mini program).`,
      'Try the HTTPS transport against it:',
      `  WX_API_BASE_URL=${server.baseUrl} WX_APPID=${server.appid} WX_APPSECRET=${server.secret} npm start -- --live`,
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

serve().catch((error: NodeJS.ErrnoException) => {
  const reason = error.code === 'EADDRINUSE' ? 'that port is taken (set EMULATOR_PORT, or leave it out for a free one)' : error.message;
  process.stderr.write(`The emulator could not start: ${reason}\n`);
  process.exit(1);
});
