using RovDsp.Architecture.Tests.Samples.Callee;

namespace RovDsp.Architecture.Tests.Samples.Caller;

/// <summary>Names <see cref="FieldHolder"/> only inside a method body: the graph must still see Caller → Callee.</summary>
public static class BodyOnlyUser
{
    /// <summary>Creates a holder (the only mention of the other namespace).</summary>
    public static object Make() => new FieldHolder();
}
