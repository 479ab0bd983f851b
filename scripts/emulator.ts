// `npm run emulator`: the emulator on 127.0.0.1 until Ctrl-C, for trying the
// HTTPS transport by hand (npm start -- --live pointed at it). EMULATOR_PORT
// picks the port; EMULATOR_DB_FILE keeps the cloud database in that file.
import { startEmulatorServer } from '../emulator/emulatorServer';

async function serve(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? 0);
  const databaseFile = process.env.EMULATOR_DB_FILE || undefined;
  const server = await startEmulatorServer({ port: Number.isInteger(port) && port >= 0 ? port : 0, databaseFile });
  process.stdout.write(
    [
      `Logistics emulator listening on ${server.baseUrl} (placeholder credentials below, not a real mini program).`,
      `Cloud database: ${databaseFile === undefined ? 'in memory' : `kept in ${databaseFile}`}.`,
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
