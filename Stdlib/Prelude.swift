/// The prelude's source text, embedded at build time so that a release binary copied
/// anywhere still starts with the standard laws and hardware table.
public enum Prelude {
    public static var source: String { String(decoding: PackageResources.prelude_scale, as: UTF8.self) }
}
