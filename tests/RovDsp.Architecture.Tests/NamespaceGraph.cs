using System.Reflection;

namespace RovDsp.Architecture.Tests;

/// <summary>
/// Which namespace uses which, over a set of assemblies: an edge A → B for every type of namespace A that names a
/// type of namespace B in its base type, interfaces, attributes, fields, properties, events, method signatures, local
/// variables or method bodies (every type, method and field token of the IL, <see cref="IlTokens"/>). Only namespaces
/// accepted by the filter become nodes; nested types count as their outer type's namespace.
/// </summary>
public static class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance
        | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The graph over every type of <paramref name="assemblies"/>, keeping namespaces that
    /// <paramref name="include"/> accepts.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Build(IEnumerable<Assembly> assemblies, Func<string, bool> include)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        ArgumentNullException.ThrowIfNull(include);
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            var from = type.Namespace;
            if (from is null || !include(from))
            {
                continue;
            }

            if (!edges.TryGetValue(from, out var to))
            {
                edges[from] = to = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var used in TypesUsedBy(type))
            {
                if (used.Namespace is { } ns && ns != from && include(ns))
                {
                    to.Add(ns);
                }
            }
        }

        return edges.ToDictionary(e => e.Key, e => (IReadOnlySet<string>)e.Value, StringComparer.Ordinal);
    }

    /// <summary>Every type <paramref name="type"/> names, generic arguments and element types unwrapped.</summary>
    public static IEnumerable<Type> TypesUsedBy(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || t.IsGenericParameter || !found.Add(t))
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
            }

            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                Add(t.GetGenericTypeDefinition());
                foreach (var argument in t.GetGenericArguments())
                {
                    Add(argument);
                }
            }
        }

        void AddAttributes(IEnumerable<CustomAttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                Add(attribute.AttributeType);
            }
        }

        Add(type.BaseType);
        foreach (var face in type.GetInterfaces())
        {
            Add(face);
        }

        AddAttributes(type.CustomAttributes);
        foreach (var field in type.GetFields(Declared))
        {
            Add(field.FieldType);
            AddAttributes(field.CustomAttributes);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Add(property.PropertyType);
        }

        foreach (var e in type.GetEvents(Declared))
        {
            Add(e.EventHandlerType);
        }

        var methods = type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared));
        foreach (var method in methods)
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            AddAttributes(method.CustomAttributes);
            var body = method.GetMethodBody();
            if (body is null)
            {
                continue;
            }

            foreach (var local in body.LocalVariables)
            {
                Add(local.LocalType);
            }

            foreach (var used in IlTokens.TypesUsedBy(method, body))
            {
                Add(used);
            }
        }

        return found;
    }
}
