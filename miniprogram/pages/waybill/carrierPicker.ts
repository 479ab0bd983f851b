// The form's picker offers the contract's carriers marked inPicker, in the
// contract's order; there is no second list. A deep link may name any other
// carrier: a known one reads by its name, anything else by its code.
import { CARRIERS, type Carrier } from '../../contract/carriers';

export const PICKER_CARRIERS: readonly Carrier[] = CARRIERS.filter((carrier) => carrier.inPicker);

/** Index in PICKER_CARRIERS, or -1 for a carrier the picker does not offer. */
export function pickerIndex(deliveryId: string): number {
  return PICKER_CARRIERS.findIndex((carrier) => carrier.id === deliveryId);
}
