// The operations of a bundle, whatever their method, as the docs tests read them.

const METHODS = ["get", "put", "post", "delete", "patch"];

export interface BundleOperation {
  /** the path template, as the bundle's `paths` key */
  template: string;
  /** upper case, as on the wire */
  method: string;
  /** the Operation Object */
  op: any;
  /** the path item's and the operation's parameters, resolved */
  parameters: any[];
}

/** Follows local `$ref`s. */
export const deref = (doc: any, node: any): any => {
  while (node?.$ref) node = node.$ref.slice(2).split("/").reduce((at: any, key: string) => at?.[key], doc);
  return node;
};

/** Every operation of a bundle, in the order of its paths. */
export const operationsOf = (doc: any): BundleOperation[] => Object.entries<any>(doc.paths).flatMap(([template, item]) =>
  METHODS.filter((m) => item[m]).map((method) => ({
    template,
    method: method.toUpperCase(),
    op: item[method],
    parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map((p) => deref(doc, p)),
  })));
