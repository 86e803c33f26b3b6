/**
 * @module
 * What serving an app needs besides HTTP, opened once: the app frozen and validated, settings,
 * the built renderer, the app's assets, the database, store and sessions, and the transport-free
 * core over them; closed again in the right order.
 */
import path from "node:path";
import { AppCore } from "../app/app-core.js";
import { saveCallbackOutputs } from "../app/server-persistence.js";
import { backgroundCallbackJob, runBackgroundCall, type BackgroundCallData } from "../callbacks/background-call.js";
import type { AppEnv } from "../config/settings.js";
import type { Database } from "../db/database.js";
import type { JobHandler } from "../jobs/job-types.js";
import type { PushHub } from "../push/push-hub.js";
import { publisherFor } from "../push/session-publisher.js";
import { topicsOf } from "../push/topic.js";
import type { Store } from "../store/store.js";
import { errorAnswer } from "./error-reply.js";
import { assertAccess } from "../auth/access-rule.js";
import type { AppDefinition } from "../app/app-definition.js";
import { openServices, type ServiceOverrides } from "../app/app-services.js";
import { checkAppEnv } from "../config/app-env.js";
import { readDotenvFiles } from "../config/dotenv-files.js";
import { loadSettings } from "../config/load-settings.js";
import type { Settings } from "../config/settings.js";
import { authOptionsOf } from "../auth/auth-options.js";
import { oidcSignIns, type OidcSignIns } from "../auth/oidc-providers.js";
import { resolveSessionSecret } from "../session/session-secret.js";
import { AppAssets } from "./app-assets.js";
import { defaultClientDir, loadClientBundle, type ClientBundle } from "./client-bundle.js";
import { loadComponentModules, type ComponentModules } from "./component-modules.js";
import { bundleClientside, type ClientsideBundle } from "./clientside-bundle.js";

export interface AppRuntimeOptions extends ServiceOverrides {
  /** Settings instead of the environment. */
  settings?: Settings;
  /** The app file, to find `assets/` beside it (the CLI passes it). */
  appFile?: string;
  /** Close the given `db` when the runtime closes (the CLI hands over the handle it migrated with). */
  closeDb?: boolean;
}

export interface AppRuntime {
  readonly core: AppCore;
  readonly settings: Settings;
  readonly client: ClientBundle;
  readonly assets: AppAssets;
  /** The browser modules of the component packages the app declares. */
  readonly components: ComponentModules;
  /** The browser chunk of the app's clientside callbacks (undefined when it has none). */
  readonly clientside: ClientsideBundle | undefined;
  /** The app's OpenID Connect providers, when it has any. */
  readonly oidc: OidcSignIns | undefined;
  close(): Promise<void>;
}

/** A background callback's answer may be as large as an ordinary callback's answer usually is. */
const maxCallbackMessageBytes = 4 * 1024 * 1024;

/** This process's handlers of the framework's own jobs: background callbacks report through its push hub. */
function frameworkJobHandlers(
  app: AppDefinition,
  opened: { db: Database; store: Store; push: PushHub },
  env: AppEnv,
  production: boolean,
): ReadonlyMap<string, JobHandler<never>> {
  const topics = topicsOf(app.callbacks.all().flatMap((callback) => callback.inputs));
  const run: JobHandler<BackgroundCallData> = (data, job) =>
    runBackgroundCall(data, job, {
      registry: app.callbacks,
      db: opened.db,
      storeFor: (owner) => opened.store.forOwner(owner),
      env,
      describe: (error, requestId) => errorAnswer(error, requestId, production).body.error,
      // On the embedded database progress goes straight to the tab's stream when it is open in
      // this process, so it is not held up by the handler's own transaction. Only there: with
      // several processes a stream of this tab here may be a stale one (the page reloaded and its
      // new stream reached another process through a balancer, before this one noticed the old
      // connection closing), which would swallow the report; on a server the stored send goes
      // through the pool, outside the handler's transaction, and reaches whichever stream is live.
      send: async (target, message) => {
        const tab = target.tab;
        if (
          message.phase === "progress" &&
          tab !== undefined &&
          opened.db.driver === "pglite" &&
          opened.push.sendNow({ owner: target.owner, tab }, { ...message })
        )
          return;
        await opened.push.send(target, { ...message }, { maxBytes: maxCallbackMessageBytes });
      },
      saveOutputs: saveCallbackOutputs,
      publisherFor: (owner) => publisherFor(opened.push, topics, owner),
      onError: app.options.callbacks?.onError,
    });
  return new Map([[backgroundCallbackJob, run as JobHandler<never>]]);
}

/**
 * Freezes and validates `app`, then opens what it runs on.
 * @throws DashbaseError DASHBASE_E_APP_INVALID, DASHBASE_E_CLIENT_NOT_BUILT, or the database's own codes.
 * @example
 * const runtime = await openAppRuntime(app, { settings });
 */
export async function openAppRuntime(app: AppDefinition, options: AppRuntimeOptions = {}): Promise<AppRuntime> {
  app.freeze();
  await app.validate();
  const settings =
    options.settings ??
    app.options.settings ??
    loadSettings({ dotenv: true, ...(app.options.env === undefined ? {} : { appEnv: app.options.env }) });
  // Settings given by hand (tests) may not carry the app's variables: read them now.
  const env =
    settings.appEnv ??
    (app.options.env === undefined ? {} : checkAppEnv(app.options.env, readDotenvFiles(process.env, process.cwd()).env, settings.profile));
  const client = loadClientBundle(app.options.server?.clientDir ?? defaultClientDir());
  const appDir =
    options.appFile !== undefined
      ? path.dirname(path.resolve(options.appFile))
      : process.argv[1] !== undefined
        ? path.dirname(path.resolve(process.argv[1]))
        : process.cwd();
  const assets = await AppAssets.open(app.options.assetsDir ?? path.join(appDir, "assets"));
  const components = await loadComponentModules(app.components.declared);
  const clientside = await bundleClientside(app.callbacks.all());
  // Job handlers get the same app variables as every other handler.
  const services = await openServices(app.options, settings.appEnv === undefined ? { ...settings, appEnv: env } : settings, options, {
    registry: app.jobs,
    handlers: (opened) => frameworkJobHandlers(app, opened, env, settings.profile === "production"),
    // A job's handler enqueues as its user: a protected job needs that user to pass its rule.
    guard: async (name, user) => assertAccess((await app.accessPlan()).job(name), user, `job "${name.slice(0, 100)}"`),
  });
  const core = new AppCore(app, { ...services, env });
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await services.close();
    if (options.closeDb === true) await options.db?.close();
  };
  let oidc: OidcSignIns | undefined;
  try {
    // The state cookie is signed with the session secret, so every process can finish a sign-in another started.
    const hasProviders = (settings.session?.oidc ?? authOptionsOf(app.options)?.oidc.length ?? 0) !== 0;
    oidc = hasProviders
      ? oidcSignIns(app.options, settings, app.options.session?.secret ?? (await resolveSessionSecret(settings)))
      : undefined;
  } catch (error) {
    await close();
    throw error;
  }
  return { core, settings, client, assets, components, clientside, oidc, close: () => (closing ??= close()) };
}
