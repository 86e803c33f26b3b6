// The part of oidc-provider 8's API the sign-in tests use (the package ships no types of its own).
declare module "oidc-provider" {
  import type { Server } from "node:http";
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    listen(port: number, host: string, listening: () => void): Server;
  }
}
