package org.longscope.nativeengine.kernel;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector species shared by the kernels. {@link #F} is the machine's preferred float shape (at least
 * 256 bits); the narrower species hold the same number of lanes, so a load of {@link #F}{@code .length()}
 * bytes, shorts or ints converts lane for lane into one float vector.
 */
final class Species {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256
            ? FloatVector.SPECIES_PREFERRED : FloatVector.SPECIES_256;
    static final int L = F.length();
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.vectorBitSize() == F.vectorBitSize()
            ? IntVector.SPECIES_PREFERRED : VectorSpecies.of(int.class, F.vectorShape());
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4));
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    static {
        if (ByteVector.SPECIES_64.length() != 8 || 32 % L != 0 || L % 8 != 0) {
            throw new IllegalStateException("unsupported vector shape " + F);
        }
    }

    /**
     * Signed bytes to floats, lane for lane. Goes through ints: a byte-to-int widening and an
     * int-to-float conversion compile to two instructions, where the direct byte-to-float
     * conversion measured several times slower on JDK 25.
     */
    static FloatVector widen(ByteVector bytes) {
        return (FloatVector) bytes.convertShape(VectorOperators.B2I, I, 0).convert(VectorOperators.I2F, 0);
    }

    private Species() {
    }
}
