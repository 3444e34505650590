using RovDsp.Architecture.Tests.Samples.Caller;

namespace RovDsp.Architecture.Tests.Samples.Callee;

/// <summary>Names <see cref="BodyOnlyUser"/> in a field's type: Callee → Caller, closing a deliberate cycle.</summary>
public sealed class FieldHolder
{
    /// <summary>A field whose type lives in the other namespace.</summary>
    public Func<object>? Factory = BodyOnlyUser.Make;
}
