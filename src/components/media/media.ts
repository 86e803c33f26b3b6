/**
 * @module
 * The embedding components: `dcc.Iframe` (another document, sandboxed by default), `dcc.Video`
 * and `dcc.Audio`. Their props, definitions and factories; one lazy view chunk draws all three
 * (./media-view.tsx), and src/client/media-url.ts holds the URL and sandbox rules.
 */
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

/** A sandbox permission of an Iframe (what the framed document may do). */
export type SandboxToken =
  | "allow-downloads"
  | "allow-forms"
  | "allow-modals"
  | "allow-popups"
  | "allow-popups-to-escape-sandbox"
  | "allow-presentation"
  | "allow-same-origin"
  | "allow-scripts";

export interface IframeProps extends BaseProps {
  /** The document to show: a path of the app or an http(s) URL (other schemes are refused; `data:` text only with `allow_data`). */
  src?: string;
  /** The frame's accessible name (screen readers announce it); required in practice, default "Embedded content". */
  title?: string;
  /**
   * Sandboxed by default (no scripts, forms, popups, same-origin access). A list turns on just
   * these permissions; `false` removes the sandbox. A same-origin frame never gets
   * `allow-scripts` with `allow-same-origin` (together they undo the sandbox).
   */
  sandbox?: boolean | readonly SandboxToken[];
  /** The `Referer` the frame's requests send (default `"no-referrer"`). */
  referrerpolicy?: "no-referrer" | "origin" | "strict-origin" | "strict-origin-when-cross-origin" | "same-origin";
  /** A permissions policy for the frame, e.g. `"fullscreen"` (none by default). */
  allow?: string;
  /** `"lazy"` (default) loads the frame when it nears the viewport. */
  loading?: "lazy" | "eager";
  /** Lets `src` be a `data:text/plain` or `data:text/html` URL. */
  allow_data?: boolean;
  width?: number | string;
  height?: number | string;
}

/** The props Video and Audio share. */
export interface PlayableProps extends BaseProps {
  /** A path of the app or an http(s) URL (other schemes are refused; `data:` of the media's type only with `allow_data`). */
  src?: string;
  /** Shows the browser's playback controls (default true). */
  controls?: boolean;
  /** Starts playing on load; browsers allow that only muted, so `autoplay` also mutes. */
  autoplay?: boolean;
  muted?: boolean;
  loop?: boolean;
  /** `"metadata"` (default), `"auto"` or `"none"`. */
  preload?: "none" | "metadata" | "auto";
  /** Lets `src` be a `data:` URL of the media's type. */
  allow_data?: boolean;
  /** The accessible name of the player. */
  "aria-label"?: string;
  /** Output: true while playing, false when paused or ended (set by the browser). */
  playing?: boolean;
  /** Output: how many times playback reached the end (set by the browser). */
  n_ended?: number;
  /** Output: the position in seconds when playback last paused or ended (set by the browser). */
  current_time?: number;
}

export type VideoProps = PlayableProps & {
  /** An image shown before playing: a path, an http(s) URL, or a `data:image/...` URL. */
  poster?: string;
  width?: number | string;
  height?: number | string;
  /** Plays inline on phones instead of full screen (default true). */
  playsinline?: boolean;
};

export type AudioProps = PlayableProps;

/** Shows another document in a frame, sandboxed unless told otherwise; only http(s) and app paths load. */
export const iframe = defineComponent<"dcc.Iframe", IframeProps>({ type: "dcc.Iframe", children: "none", view: "lazy" });

/** A video player for an http(s) URL or a path of the app; reports `playing`, `n_ended` and `current_time`. */
export const video = defineComponent<"dcc.Video", VideoProps>({ type: "dcc.Video", children: "none", view: "lazy" });

/** An audio player for an http(s) URL or a path of the app; reports `playing`, `n_ended` and `current_time`. */
export const audio = defineComponent<"dcc.Audio", AudioProps>({ type: "dcc.Audio", children: "none", view: "lazy" });

/** @example dcc.Iframe({ src: "https://example.org/report.html", title: "Quarterly report", sandbox: ["allow-scripts"] }) */
export const Iframe = /* @__PURE__ */ componentFactory(iframe);

/** @example dcc.Video({ id: "intro", src: "/assets/intro.mp4", poster: "/assets/intro.jpg" }) */
export const Video = /* @__PURE__ */ componentFactory(video);

/** @example dcc.Audio({ id: "briefing", src: "/assets/briefing.mp3" }) */
export const Audio = /* @__PURE__ */ componentFactory(audio);
