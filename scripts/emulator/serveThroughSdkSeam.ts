// Serving 1: the emulator behind wx-server-sdk's network seam, so that the real
// getWaybill and the real SDK run end to end in this process.
import { createLogisticsEmulator, type GetOrderAnswer, type LogisticsEmulator } from './logisticsEmulator';
import { installWxServerSdkSeam, type SeamAnswer } from './wxServerSdkSeam';

const NO_PERMISSION = -604101; // the cloud platform's "function has no permission to call this API"
const API_NOT_FOUND = -604100;

function waitUnref(ms: number): Promise<void> {
  // unref: a slow answer nobody waits for any more must not keep `npm start` alive.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function toSeamAnswer(answer: GetOrderAnswer): Promise<SeamAnswer> {
  switch (answer.kind) {
    case 'body':
      return { body: answer.body };
    case 'noPermission':
      return { platformErrorCode: NO_PERMISSION };
    case 'transportFault':
      // The cloud call has no HTTP status or body of its own to get wrong: every such fault is a failed connection to the SDK.
      return { networkError: 'ECONNRESET' };
    case 'slow':
      await waitUnref(answer.delayMs);
      return toSeamAnswer(answer.then);
  }
}

/** Installs the emulator as wx-server-sdk's backend; returns the function that removes it. */
export function serveThroughSdkSeam(emulator: LogisticsEmulator = createLogisticsEmulator()): () => void {
  return installWxServerSdkSeam(({ apiName, params }) =>
    apiName === 'logistics.getOrder' ? toSeamAnswer(emulator.answerGetOrder(params)) : { platformErrorCode: API_NOT_FOUND },
  );
}
