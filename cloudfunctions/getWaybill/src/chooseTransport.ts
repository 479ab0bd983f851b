// The transport the settings name: the cloud call, or HTTPS with the mini
// program's credentials. Each function instance keeps one chooser, so that the
// HTTPS transport is built once per settings and its access_token survives
// between the calls of a warm instance.
import { createHttpsTransport } from './httpsTransport';
import type { TransportSettings } from './settings';
import { SetupFailure, type WeChatTransport } from './transportPort';

export type TransportChooser = (settings: TransportSettings | SetupFailure) => WeChatTransport | SetupFailure;

export function transportChooser(cloudTransport: WeChatTransport): TransportChooser {
  let https: { settings: TransportSettings; transport: WeChatTransport } | undefined;
  return (settings) => {
    if (settings instanceof SetupFailure) return settings;
    if (settings.kind === 'cloud') return cloudTransport;
    if (https?.settings !== settings) https = { settings, transport: createHttpsTransport(settings.credentials) };
    return https.transport;
  };
}
