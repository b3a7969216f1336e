using System;
using System.Globalization;

namespace Seeding.Sample
{
    /// <summary>
    /// How a run prints one MSE, and how the comparing parent reads it back: a readable value
    /// for people and the float's exact bits in hex for the comparison, e.g.
    /// <c>repeat 1 mse 0.0123187881 bits 0x3C49D4BE</c>.
    /// </summary>
    internal static class ResultLine
    {
        public static string Format(int repeat, float mse)
            => string.Create(
                CultureInfo.InvariantCulture,
                $"repeat {repeat} mse {mse:G9} bits 0x{BitConverter.SingleToInt32Bits(mse):X8}");

        /// <summary>Reads a line written by <see cref="Format"/>; the value comes from the bits, never from the rounded text.</summary>
        public static bool TryParse(string line, out int repeat, out float mse)
        {
            repeat = 0;
            mse = 0;
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 6 || parts[0] != "repeat" || parts[2] != "mse" || parts[4] != "bits"
                || !parts[5].StartsWith("0x", StringComparison.Ordinal)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out repeat)
                || !int.TryParse(parts[5].AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int bits))
            {
                return false;
            }

            mse = BitConverter.Int32BitsToSingle(bits);
            return true;
        }
    }
}
