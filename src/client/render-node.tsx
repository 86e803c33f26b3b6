/**
 * @module
 * Turns layout children into Preact elements: text, numbers, arrays and component nodes, each
 * node through its component view. A node's view re-renders only when its node object changes
 * (the store copies along the changed path) or its loading state flips.
 */
import { Component, createContext, type ComponentChild, type ComponentChildren } from "preact";
import { useCallback, useContext, useEffect, useState } from "preact/hooks";
import type { ComponentView, ViewProps, ViewRegistry } from "./component-view.js";

export type { ViewEntry, ViewRegistry } from "./component-view.js";
import { idKey, isComponentId } from "../protocol/ids.js";
import { isComponentNode, type ComponentNode, type Props } from "../protocol/layout-tree.js";
import { useRenderer } from "./renderer-context.js";

/** The registry of the tree below (given by the app root). */
export const ViewRegistryContext = createContext<ViewRegistry>({ resolve: () => undefined });

/** Renders layout children (a node, text, a number, or an array of them). */
export function renderChildren(children: unknown): ComponentChildren {
  if (children === null || children === undefined || typeof children === "boolean") return null;
  if (typeof children === "string" || typeof children === "number") return children;
  if (Array.isArray(children)) {
    return children.map((child: unknown, index) => {
      if (isComponentNode(child)) {
        const id = child.props.id;
        return <NodeView key={isComponentId(id) ? `id:${idKey(id)}` : `#${index}`} node={child} />;
      }
      return renderChildren(child) as ComponentChild;
    });
  }
  if (isComponentNode(children)) return <NodeView node={children} />;
  return null;
}

function useLoading(key: string | undefined): boolean {
  const renderer = useRenderer();
  const [loading, setLoading] = useState(() => key !== undefined && renderer.store.isLoading(key));
  useEffect(() => {
    if (key === undefined) return undefined;
    const check = (): void => setLoading(renderer.store.isLoading(key));
    check();
    return renderer.store.subscribe(check);
  }, [renderer, key]);
  return loading;
}

function LazyView(props: ViewProps & { type: string; load: () => Promise<ComponentView> }): ComponentChild {
  const renderer = useRenderer();
  const [view, setView] = useState(() => renderer.lazyViews.get(props.type) as ComponentView | undefined);
  useEffect(() => {
    if (view !== undefined) return;
    let live = true;
    props
      .load()
      .then((loaded) => {
        renderer.lazyViews.set(props.type, loaded);
        if (live) setView(() => loaded);
      })
      .catch((error: unknown) => renderer.notices.show({ message: `Could not load the ${props.type} component: ${String(error)}` }));
    return () => {
      live = false;
    };
  }, [view, props.type]);
  if (view === undefined) return <div class="dashbase-lazy" aria-busy="true" id={props.idKey} />;
  const { type: _type, load: _load, ...viewProps } = props;
  const Loaded = view;
  return <Loaded {...viewProps} />;
}

function UnknownView({ node }: { node: ComponentNode }): ComponentChild {
  return (
    <div class="dashbase-unknown" role="note">
      Unknown component type "{node.type}": this renderer knows html.*, dcc.*, DataTable and the component packages the app declares.
    </div>
  );
}

function NodeBody({ node }: { node: ComponentNode }): ComponentChild {
  const renderer = useRenderer();
  const registry = useContext(ViewRegistryContext);
  const id = node.props.id;
  const key = isComponentId(id) ? idKey(id) : undefined;
  const loading = useLoading(key);
  const setProps = useCallback(
    (patch: Props) => {
      if (key !== undefined) renderer.userSetProps(key, patch);
    },
    [renderer, key],
  );
  const entry = registry.resolve(node.type);
  if (entry === undefined) return <UnknownView node={node} />;
  const defaults = registry.defaults?.(node.type);
  const viewProps: ViewProps = {
    node,
    props: defaults === undefined ? node.props : { ...defaults, ...node.props },
    idKey: key,
    loading,
    setProps,
  };
  if (typeof entry === "function") {
    const View = entry;
    return <View {...viewProps} />;
  }
  return <LazyView {...viewProps} type={node.type} load={entry.lazy} />;
}

/** Renders one component node through its view; skips the work when the node object is unchanged. */
export class NodeView extends Component<{ node: ComponentNode }> {
  override shouldComponentUpdate(next: { node: ComponentNode }): boolean {
    return next.node !== this.props.node;
  }

  override render(): ComponentChild {
    return <NodeBody node={this.props.node} />;
  }
}
