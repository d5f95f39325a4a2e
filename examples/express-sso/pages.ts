// The example app's pages: plain HTML, every value escaped.
import type { AppUser } from './sign-in';

export function signInPage(users: readonly AppUser[], problem?: string): string {
  const options = users.map((user) => `<label><input type="radio" name="user" value="${escape(user.name)}"> ${escape(user.name)} ${describe(user)}</label>`);
  return page('Sign in', [
    problem ? `<p class="problem">${escape(problem)}</p>` : '',
    '<form method="post" action="/login">',
    ...options,
    '<button type="submit" id="sign-in">Sign in</button>',
    '</form>',
  ]);
}

export function homePage(user: AppUser): string {
  return page(`Hello, ${user.name}`, [
    `<p id="signed-in">Signed in as ${escape(user.name)} ${describe(user)}.</p>`,
    '<form method="get" action="/printiq">',
    '<label>Ref1 for the quote (optional) <input id="ref" name="ref" value="website"></label>',
    '<button type="submit" id="start-quote">Start a quote in printIQ</button>',
    '</form>',
    '<form method="post" action="/logout"><button type="submit" id="sign-out">Sign out</button></form>',
  ]);
}

function describe(user: AppUser): string {
  const customer = user.customerCode ? `, customer ${user.customerCode}` : '';
  return `<small>(printIQ user ${escape(user.printIqUserName)}${escape(customer)})</small>`;
}

function page(title: string, body: string[]): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} - Example app</title>`,
    '<style>body{font-family:system-ui,sans-serif;margin:2em}label{display:block;margin:.4em 0}button{margin-top:.6em}.problem{color:#b00}</style>',
    `</head><body><h1>${escape(title)}</h1>`,
    ...body,
    '</body></html>',
  ].join('\n');
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
