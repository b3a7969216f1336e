using System;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Seeding.Sample
{
    /// <summary>
    /// Loads TorchSharp's native libraries up front, so that a failure becomes one clear line
    /// rather than TorchSharp's long trace (and happens before TorchSharp's fallback copies
    /// hundreds of megabytes of native files next to the program).
    /// </summary>
    internal static class TorchStartup
    {
        public static bool TryStart(out string? problem)
        {
            try
            {
                // The same lookup TorchSharp makes (through this program's deps.json), but the
                // loader's own reason survives in the exception message.
                NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null);
            }
            catch (DllNotFoundException exception)
            {
                problem = Explain(exception.Message);
                return false;
            }

            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
            }
            catch (Exception exception)
            {
                problem = "TorchSharp could not start: " + FirstLine(exception.Message);
                return false;
            }

            problem = null;
            return true;
        }

        private static string Explain(string loaderMessage)
        {
            if (loaderMessage.Contains("GLIBCXX_3.4.32", StringComparison.Ordinal))
            {
                return "libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13's libstdc++), which this system lacks; "
                    + "rebuild with `dotnet build src/Sample` on Linux, whose build marks that need weak "
                    + "(unless SeedingWeakenGlibcxx332=false), or install libstdc++ from GCC 13 or later.";
            }

            return "TorchSharp's native library did not load (" + FirstLine(loaderMessage)
                + "); check that the TorchSharp-cpu package restored native files for this platform.";
        }

        private static string FirstLine(string text)
        {
            int end = text.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? text : text[..end]).Trim();
        }
    }
}
