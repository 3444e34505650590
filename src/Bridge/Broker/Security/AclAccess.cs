namespace RovDsp.Bridge.Broker.Security;

/// <summary>What an ACL line grants, as mosquitto's acl_file spells it (read, write, readwrite, deny).</summary>
[Flags]
public enum AclAccess
{
    /// <summary><c>deny</c>: refuses the topics it matches, before any grant is considered.</summary>
    Deny = 0,

    /// <summary><c>read</c>: receiving messages on matching topics.</summary>
    Read = 1,

    /// <summary><c>write</c>: publishing on matching topics.</summary>
    Write = 2,

    /// <summary><c>readwrite</c> (also what a line without an access word grants).</summary>
    ReadWrite = Read | Write,
}
