#nullable enable

// Compiled by MSBuild's RoslynCodeTaskFactory (see WeakenVersionNeed.targets), not by the sample.
// It references only netstandard, Microsoft.Build.Framework and Microsoft.Build.Utilities.Core,
// so a fresh machine with nothing but the .NET SDK can run it.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement of an ELF64 shared library as weak (VER_FLG_WEAK in
/// its Vernaux entry in .gnu.version_r), so the dynamic loader no longer refuses to load the
/// library when the system's copy of the needed library lacks that version.
/// </summary>
/// <remarks>
/// The file is replaced by a rename, never written in place: a build output that is a hard
/// link into the NuGet cache stays untouched in the cache. Running the task again on a patched
/// file changes nothing.
/// </remarks>
public sealed class WeakenVersionNeed : Task
{
    private const ushort VerFlagWeak = 0x2;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtStrtab = 3;
    private const int SectionHeaderSize = 64;
    private const int VerneedSize = 16;
    private const int VernauxSize = 16;

    /// <summary>The library to patch.</summary>
    [Required]
    public string File { get; set; } = string.Empty;

    /// <summary>The library that must provide the version, as named in DT_NEEDED (e.g. libstdc++.so.6).</summary>
    [Required]
    public string NeededFile { get; set; } = string.Empty;

    /// <summary>The version whose requirement becomes weak (e.g. GLIBCXX_3.4.32).</summary>
    [Required]
    public string Version { get; set; } = string.Empty;

    public override bool Execute()
    {
        if (!System.IO.File.Exists(File))
        {
            Log.LogMessage(MessageImportance.Low, "{0} does not exist; nothing to weaken.", File);
            return true;
        }

        byte[] image = System.IO.File.ReadAllBytes(File);
        string? problem;
        Outcome outcome;
        long flagsAt = 0;
        try
        {
            outcome = Weaken(image, NeededFile, Version, out flagsAt, out problem);
        }
        catch (ArgumentOutOfRangeException)
        {
            outcome = Outcome.Malformed;
            problem = "an offset points outside the file";
        }

        switch (outcome)
        {
            case Outcome.Patched:
                ReplaceFile(flagsAt, image[flagsAt], image[flagsAt + 1]);
                Log.LogMessage(MessageImportance.High, "Marked {0} ({1}) as a weak requirement in {2}", Version, NeededFile, File);
                return true;
            case Outcome.AlreadyWeak:
                Log.LogMessage(MessageImportance.Low, "{0} ({1}) is already weak in {2}", Version, NeededFile, File);
                return true;
            case Outcome.NotRequired:
                Log.LogMessage(MessageImportance.Low, "{0} does not require {1} ({2}); nothing to weaken.", File, Version, NeededFile);
                return true;
            default:
                Log.LogError("Cannot weaken {0} in {1}: {2}.", Version, File, problem);
                return false;
        }
    }

    private enum Outcome
    {
        Patched,
        AlreadyWeak,
        NotRequired,
        Malformed,
    }

    /// <summary>Sets the weak flag in <paramref name="image"/> and reports where its two flag bytes are.</summary>
    private static Outcome Weaken(byte[] image, string neededFile, string version, out long flagsAt, out string? problem)
    {
        flagsAt = 0;
        problem = null;
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            problem = "not an ELF file";
            return Outcome.Malformed;
        }

        if (image[4] != 2 || image[5] != 1)
        {
            problem = "not a little-endian ELF64 file";
            return Outcome.Malformed;
        }

        long sectionHeaders = Checked(U64(image, 0x28));
        int entrySize = U16(image, 0x3A);
        long sectionCount = U16(image, 0x3C);
        long namesIndex = U16(image, 0x3E);
        if (sectionHeaders == 0 || entrySize < SectionHeaderSize)
        {
            problem = "no section header table";
            return Outcome.Malformed;
        }

        // Very large files keep the real counts in section 0 (e_shnum == 0, e_shstrndx == SHN_XINDEX).
        if (sectionCount == 0)
        {
            sectionCount = Checked(U64(image, Header(sectionHeaders, entrySize, 0) + 32));
        }

        if (namesIndex == 0xffff)
        {
            namesIndex = U32(image, Header(sectionHeaders, entrySize, 0) + 40);
        }

        if (namesIndex >= sectionCount)
        {
            problem = "section name table index out of range";
            return Outcome.Malformed;
        }

        Section names = ReadSection(image, Header(sectionHeaders, entrySize, namesIndex));
        InFile(image, names);
        Section? verneed = null;
        for (long i = 0; i < sectionCount; i++)
        {
            Section candidate = ReadSection(image, Header(sectionHeaders, entrySize, i));
            if (candidate.Type == ShtGnuVerneed && ReadName(image, names, candidate.Name) == ".gnu.version_r")
            {
                verneed = candidate;
                break;
            }
        }

        if (verneed is null)
        {
            return Outcome.NotRequired;
        }

        InFile(image, verneed);
        if (verneed.Link >= sectionCount)
        {
            problem = ".gnu.version_r links to a missing string table";
            return Outcome.Malformed;
        }

        Section strings = ReadSection(image, Header(sectionHeaders, entrySize, verneed.Link));
        if (strings.Type != ShtStrtab)
        {
            problem = ".gnu.version_r does not link to a string table";
            return Outcome.Malformed;
        }

        InFile(image, strings);

        // sh_info holds the number of Verneed entries; each names a library and chains its
        // Vernaux entries (one per required version) through vna_next.
        long need = verneed.Offset;
        for (uint n = 0; n < verneed.Info; n++)
        {
            Within(verneed, need, VerneedSize);
            ushort auxCount = U16(image, need + 2);
            string file = ReadName(image, strings, U32(image, need + 4));
            if (file == neededFile)
            {
                long aux = need + U32(image, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    Within(verneed, aux, VernauxSize);
                    if (ReadName(image, strings, U32(image, aux + 8)) == version)
                    {
                        ushort flags = U16(image, aux + 4);
                        if ((flags & VerFlagWeak) != 0)
                        {
                            return Outcome.AlreadyWeak;
                        }

                        flags |= VerFlagWeak;
                        flagsAt = aux + 4;
                        image[flagsAt] = (byte)flags;
                        image[flagsAt + 1] = (byte)(flags >> 8);
                        return Outcome.Patched;
                    }

                    uint nextAux = U32(image, aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }
            }

            uint next = U32(image, need + 12);
            if (next == 0)
            {
                break;
            }

            need += next;
        }

        return Outcome.NotRequired;
    }

    private void ReplaceFile(long flagsAt, byte low, byte high)
    {
        // Patch a copy (which keeps the file's permissions) and rename it over the original: if
        // the output file is a hard link into the NuGet cache, the cache's copy stays as it was.
        string temporary = File + ".weakening";
        System.IO.File.Copy(File, temporary, overwrite: true);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            stream.Position = flagsAt;
            stream.WriteByte(low);
            stream.WriteByte(high);
        }

        DateTime written = System.IO.File.GetLastWriteTimeUtc(File);
        System.IO.File.Replace(temporary, File, null);

        // Keeping the copied file's time stamp lets the next incremental build skip copying it
        // again; when MSBuild does copy it again, the target runs after the copy and re-patches.
        System.IO.File.SetLastWriteTimeUtc(File, written);
    }

    private sealed class Section
    {
        public uint Name;
        public uint Type;
        public long Offset;
        public long Size;
        public uint Link;
        public uint Info;
    }

    private static long Header(long table, int entrySize, long index) => Checked((ulong)table + ((ulong)index * (ulong)entrySize));

    private static Section ReadSection(byte[] image, long header) => new Section
    {
        Name = U32(image, header),
        Type = U32(image, header + 4),
        Offset = Checked(U64(image, header + 24)),
        Size = Checked(U64(image, header + 32)),
        Link = U32(image, header + 40),
        Info = U32(image, header + 44),
    };

    private static void InFile(byte[] image, Section section)
    {
        if (section.Offset + section.Size > image.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(section));
        }
    }

    private static void Within(Section section, long start, long length)
    {
        if (start < section.Offset || start + length > section.Offset + section.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(start));
        }
    }

    private static string ReadName(byte[] image, Section table, uint offset)
    {
        long start = table.Offset + offset;
        long end = start;
        long limit = table.Offset + table.Size;
        while (end < limit && image[end] != 0)
        {
            end++;
        }

        if (end >= limit)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }

        return Encoding.ASCII.GetString(image, (int)start, (int)(end - start));
    }

    private static ushort U16(byte[] image, long at)
    {
        Fits(image, at, 2);
        return (ushort)(image[at] | (image[at + 1] << 8));
    }

    private static uint U32(byte[] image, long at)
    {
        Fits(image, at, 4);
        return (uint)(image[at] | (image[at + 1] << 8) | (image[at + 2] << 16) | (image[at + 3] << 24));
    }

    private static ulong U64(byte[] image, long at) => U32(image, at) | ((ulong)U32(image, at + 4) << 32);

    private static void Fits(byte[] image, long at, int width)
    {
        if (at < 0 || at > image.Length - width)
        {
            throw new ArgumentOutOfRangeException(nameof(at));
        }
    }

    private static long Checked(ulong value) => value > int.MaxValue ? throw new ArgumentOutOfRangeException(nameof(value)) : (long)value;
}
