/// Assay's version: in run manifests and in the `User-Agent` every provider request carries.
public enum AssayVersion {
    public static let current = "0.1.0"
    /// `assay/0.1.0`, as providers' logs and support teams see Assay.
    public static var userAgent: String { "assay/\(current)" }
}
