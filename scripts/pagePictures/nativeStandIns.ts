// miniprogram-simulate renders WeChat's native components (input, textarea,
// button, picker, rich-text, text) as an empty <slot/>, so what the platform
// shows through their attributes (an input's value, a button's disabled and
// loading look, aria-labels, rich-text's nodes, text's user-select) would be
// invisible in the DOM. These stand-ins expose those attributes as data-* on an
// inner element, for the page pictures to draw and for the page tests to read
// (they import it from here: scripts never import from test/).
import simulate from 'miniprogram-simulate';

type PropertyType = StringConstructor | BooleanConstructor | NumberConstructor | null;

function standIn(name: string, properties: Record<string, PropertyType>): void {
  const attributes = Object.keys(properties)
    .map((key) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}="{{${key}}}"`)
    .join(' ');
  // Registering under a built-in's id replaces miniprogram-simulate's empty stand-in.
  simulate.load({ id: name, tagName: `wx-${name}`, properties, template: `<view ${attributes}><slot/></view>` } as never);
}

export function registerNativeStandIns(): void {
  standIn('button', { disabled: Boolean, loading: Boolean, ariaLabel: String });
  standIn('input', { value: String, placeholder: String, disabled: Boolean, maxlength: Number, ariaLabel: String });
  standIn('textarea', { value: String, placeholder: String, disabled: Boolean, maxlength: Number, autoHeight: Boolean, ariaLabel: String });
  standIn('picker', { value: null, disabled: Boolean, ariaLabel: String });
  standIn('rich-text', { nodes: String });
  standIn('text', { userSelect: Boolean });
}
