// What the CLI prints comes partly from outside (vendor faults, WSDL names,
// answers). Control characters in it could drive the terminal (ANSI and OSC
// sequences, C1 controls, a carriage return that rewrites the line): each is
// written as a visible \uXXXX escape instead, which also keeps JSON valid.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function neutralize(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
