/**
 * @module
 * The browser view of the components in ./media.ts: one chunk, fetched the first time a page shows
 * any of them. A `src` the URL rules refuse (src/client/media-url.ts) is never put in the DOM: the
 * component shows a note instead. Players report `playing`, `n_ended` and `current_time`.
 */
import type { ComponentChild } from "preact";
import { useRef } from "preact/hooks";
import { numberProp, rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { addLazyStyles } from "../../client/lazy-styles.js";
import { mediaUrl, sandboxOf, type MediaKind } from "../../client/media-url.js";
import styles from "./media.lazy.css";

addLazyStyles("media", styles);

type View = ViewProps<Record<string, unknown>>;

function size(view: View, name: "width" | "height"): string | number | undefined {
  return numberProp(view.props, name) ?? stringProp(view.props, name);
}

function Refused({ view, what }: { view: View; what: string }): ComponentChild {
  return (
    <div {...rootAttributes(view, "dashbase-media-refused")} role="note">
      This {what} is not shown: its address is not an http(s) URL or a path of this app.
    </div>
  );
}

function sameOrigin(src: string): boolean {
  try {
    return new URL(src, window.location.href).origin === window.location.origin;
  } catch {
    return true;
  }
}

function Iframe(view: View): ComponentChild {
  const { props } = view;
  const src = mediaUrl(props.src, "frame", props.allow_data === true);
  if (src === undefined) return <Refused view={view} what="frame" />;
  const policy = stringProp(props, "referrerpolicy");
  return (
    <iframe
      {...rootAttributes(view, "dashbase-iframe")}
      src={src}
      title={stringProp(props, "title") ?? "Embedded content"}
      sandbox={sandboxOf(props.sandbox, sameOrigin(src))}
      referrerpolicy={(policy ?? "no-referrer") as "no-referrer"}
      allow={stringProp(props, "allow")}
      loading={props.loading === "eager" ? "eager" : "lazy"}
      width={size(view, "width")}
      height={size(view, "height")}
    />
  );
}

function Player({ view, kind }: { view: View; kind: Extract<MediaKind, "video" | "audio"> }): ComponentChild {
  const { props } = view;
  const ended = useRef(0);
  const src = mediaUrl(props.src, kind, props.allow_data === true);
  if (src === undefined) return <Refused view={view} what={kind} />;
  const element = (event: Event): HTMLMediaElement => event.currentTarget as HTMLMediaElement;
  const shared = {
    ...rootAttributes(view, `dashbase-${kind}`),
    src,
    controls: props.controls !== false,
    autoplay: props.autoplay === true,
    // browsers play on load only without sound
    muted: props.muted === true || props.autoplay === true,
    loop: props.loop === true,
    preload: (stringProp(props, "preload") ?? "metadata") as "metadata",
    "aria-label": stringProp(props, "aria-label"),
    onPlay: () => view.setProps({ playing: true }),
    onPause: (event: Event) => view.setProps({ playing: false, current_time: element(event).currentTime }),
    onEnded: (event: Event) => {
      ended.current = Math.max(ended.current, numberProp(props, "n_ended") ?? 0) + 1;
      view.setProps({ playing: false, n_ended: ended.current, current_time: element(event).currentTime });
    },
  };
  if (kind === "audio") return <audio {...shared} />;
  const poster = mediaUrl(props.poster, "image", true);
  return (
    <video
      {...shared}
      poster={poster}
      width={size(view, "width")}
      height={size(view, "height")}
      playsinline={props.playsinline !== false}
    />
  );
}

/** `dcc.Iframe`, `dcc.Video` and `dcc.Audio`, by the node's type. */
export default function MediaView(view: View): ComponentChild {
  if (view.node.type === "dcc.Iframe") return <Iframe {...view} />;
  return <Player view={view} kind={view.node.type === "dcc.Audio" ? "audio" : "video"} />;
}
