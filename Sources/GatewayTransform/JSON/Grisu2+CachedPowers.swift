extension Grisu2 {
    /// 10^`decimalExponent` ≈ `significand` × 2^`binaryExponent`, the significand normalized (top bit set) and
    /// rounded to nearest.
    struct CachedPower {
        var significand: UInt64
        var binaryExponent: Int
        var decimalExponent: Int

        /// The table covers 10^-300 through 10^324 in steps of 10^8: every step fits the 28-bit window α … γ, and
        /// the range covers every double's scaled boundaries.
        static let smallestDecimalExponent = -300
        static let decimalExponentStep = 8

        /// Computed exactly with rational arithmetic: for each k, the 64-bit significand nearest to 10^k × 2^-e
        /// for the e that puts it in [2^63, 2^64).
        static let table: [CachedPower] = [
            CachedPower(significand: 0xAB70_FE17_C79A_C6CA, binaryExponent: -1060, decimalExponent: -300),
            CachedPower(significand: 0xFF77_B1FC_BEBC_DC4F, binaryExponent: -1034, decimalExponent: -292),
            CachedPower(significand: 0xBE56_91EF_416B_D60C, binaryExponent: -1007, decimalExponent: -284),
            CachedPower(significand: 0x8DD0_1FAD_907F_FC3C, binaryExponent: -980, decimalExponent: -276),
            CachedPower(significand: 0xD351_5C28_3155_9A83, binaryExponent: -954, decimalExponent: -268),
            CachedPower(significand: 0x9D71_AC8F_ADA6_C9B5, binaryExponent: -927, decimalExponent: -260),
            CachedPower(significand: 0xEA9C_2277_23EE_8BCB, binaryExponent: -901, decimalExponent: -252),
            CachedPower(significand: 0xAECC_4991_4078_536D, binaryExponent: -874, decimalExponent: -244),
            CachedPower(significand: 0x823C_1279_5DB6_CE57, binaryExponent: -847, decimalExponent: -236),
            CachedPower(significand: 0xC210_9436_4DFB_5637, binaryExponent: -821, decimalExponent: -228),
            CachedPower(significand: 0x9096_EA6F_3848_984F, binaryExponent: -794, decimalExponent: -220),
            CachedPower(significand: 0xD774_85CB_2582_3AC7, binaryExponent: -768, decimalExponent: -212),
            CachedPower(significand: 0xA086_CFCD_97BF_97F4, binaryExponent: -741, decimalExponent: -204),
            CachedPower(significand: 0xEF34_0A98_172A_ACE5, binaryExponent: -715, decimalExponent: -196),
            CachedPower(significand: 0xB238_67FB_2A35_B28E, binaryExponent: -688, decimalExponent: -188),
            CachedPower(significand: 0x84C8_D4DF_D2C6_3F3B, binaryExponent: -661, decimalExponent: -180),
            CachedPower(significand: 0xC5DD_4427_1AD3_CDBA, binaryExponent: -635, decimalExponent: -172),
            CachedPower(significand: 0x936B_9FCE_BB25_C996, binaryExponent: -608, decimalExponent: -164),
            CachedPower(significand: 0xDBAC_6C24_7D62_A584, binaryExponent: -582, decimalExponent: -156),
            CachedPower(significand: 0xA3AB_6658_0D5F_DAF6, binaryExponent: -555, decimalExponent: -148),
            CachedPower(significand: 0xF3E2_F893_DEC3_F126, binaryExponent: -529, decimalExponent: -140),
            CachedPower(significand: 0xB5B5_ADA8_AAFF_80B8, binaryExponent: -502, decimalExponent: -132),
            CachedPower(significand: 0x8762_5F05_6C7C_4A8B, binaryExponent: -475, decimalExponent: -124),
            CachedPower(significand: 0xC9BC_FF60_34C1_3053, binaryExponent: -449, decimalExponent: -116),
            CachedPower(significand: 0x964E_858C_91BA_2655, binaryExponent: -422, decimalExponent: -108),
            CachedPower(significand: 0xDFF9_7724_7029_7EBD, binaryExponent: -396, decimalExponent: -100),
            CachedPower(significand: 0xA6DF_BD9F_B8E5_B88F, binaryExponent: -369, decimalExponent: -92),
            CachedPower(significand: 0xF8A9_5FCF_8874_7D94, binaryExponent: -343, decimalExponent: -84),
            CachedPower(significand: 0xB944_7093_8FA8_9BCF, binaryExponent: -316, decimalExponent: -76),
            CachedPower(significand: 0x8A08_F0F8_BF0F_156B, binaryExponent: -289, decimalExponent: -68),
            CachedPower(significand: 0xCDB0_2555_6531_31B6, binaryExponent: -263, decimalExponent: -60),
            CachedPower(significand: 0x993F_E2C6_D07B_7FAC, binaryExponent: -236, decimalExponent: -52),
            CachedPower(significand: 0xE45C_10C4_2A2B_3B06, binaryExponent: -210, decimalExponent: -44),
            CachedPower(significand: 0xAA24_2499_6973_92D3, binaryExponent: -183, decimalExponent: -36),
            CachedPower(significand: 0xFD87_B5F2_8300_CA0E, binaryExponent: -157, decimalExponent: -28),
            CachedPower(significand: 0xBCE5_0864_9211_1AEB, binaryExponent: -130, decimalExponent: -20),
            CachedPower(significand: 0x8CBC_CC09_6F50_88CC, binaryExponent: -103, decimalExponent: -12),
            CachedPower(significand: 0xD1B7_1758_E219_652C, binaryExponent: -77, decimalExponent: -4),
            CachedPower(significand: 0x9C40_0000_0000_0000, binaryExponent: -50, decimalExponent: 4),
            CachedPower(significand: 0xE8D4_A510_0000_0000, binaryExponent: -24, decimalExponent: 12),
            CachedPower(significand: 0xAD78_EBC5_AC62_0000, binaryExponent: 3, decimalExponent: 20),
            CachedPower(significand: 0x813F_3978_F894_0984, binaryExponent: 30, decimalExponent: 28),
            CachedPower(significand: 0xC097_CE7B_C907_15B3, binaryExponent: 56, decimalExponent: 36),
            CachedPower(significand: 0x8F7E_32CE_7BEA_5C70, binaryExponent: 83, decimalExponent: 44),
            CachedPower(significand: 0xD5D2_38A4_ABE9_8068, binaryExponent: 109, decimalExponent: 52),
            CachedPower(significand: 0x9F4F_2726_179A_2245, binaryExponent: 136, decimalExponent: 60),
            CachedPower(significand: 0xED63_A231_D4C4_FB27, binaryExponent: 162, decimalExponent: 68),
            CachedPower(significand: 0xB0DE_6538_8CC8_ADA8, binaryExponent: 189, decimalExponent: 76),
            CachedPower(significand: 0x83C7_088E_1AAB_65DB, binaryExponent: 216, decimalExponent: 84),
            CachedPower(significand: 0xC45D_1DF9_4271_1D9A, binaryExponent: 242, decimalExponent: 92),
            CachedPower(significand: 0x924D_692C_A61B_E758, binaryExponent: 269, decimalExponent: 100),
            CachedPower(significand: 0xDA01_EE64_1A70_8DEA, binaryExponent: 295, decimalExponent: 108),
            CachedPower(significand: 0xA26D_A399_9AEF_774A, binaryExponent: 322, decimalExponent: 116),
            CachedPower(significand: 0xF209_787B_B47D_6B85, binaryExponent: 348, decimalExponent: 124),
            CachedPower(significand: 0xB454_E4A1_79DD_1877, binaryExponent: 375, decimalExponent: 132),
            CachedPower(significand: 0x865B_8692_5B9B_C5C2, binaryExponent: 402, decimalExponent: 140),
            CachedPower(significand: 0xC835_53C5_C896_5D3D, binaryExponent: 428, decimalExponent: 148),
            CachedPower(significand: 0x952A_B45C_FA97_A0B3, binaryExponent: 455, decimalExponent: 156),
            CachedPower(significand: 0xDE46_9FBD_99A0_5FE3, binaryExponent: 481, decimalExponent: 164),
            CachedPower(significand: 0xA59B_C234_DB39_8C25, binaryExponent: 508, decimalExponent: 172),
            CachedPower(significand: 0xF6C6_9A72_A398_9F5C, binaryExponent: 534, decimalExponent: 180),
            CachedPower(significand: 0xB7DC_BF53_54E9_BECE, binaryExponent: 561, decimalExponent: 188),
            CachedPower(significand: 0x88FC_F317_F222_41E2, binaryExponent: 588, decimalExponent: 196),
            CachedPower(significand: 0xCC20_CE9B_D35C_78A5, binaryExponent: 614, decimalExponent: 204),
            CachedPower(significand: 0x9816_5AF3_7B21_53DF, binaryExponent: 641, decimalExponent: 212),
            CachedPower(significand: 0xE2A0_B5DC_971F_303A, binaryExponent: 667, decimalExponent: 220),
            CachedPower(significand: 0xA8D9_D153_5CE3_B396, binaryExponent: 694, decimalExponent: 228),
            CachedPower(significand: 0xFB9B_7CD9_A4A7_443C, binaryExponent: 720, decimalExponent: 236),
            CachedPower(significand: 0xBB76_4C4C_A7A4_4410, binaryExponent: 747, decimalExponent: 244),
            CachedPower(significand: 0x8BAB_8EEF_B640_9C1A, binaryExponent: 774, decimalExponent: 252),
            CachedPower(significand: 0xD01F_EF10_A657_842C, binaryExponent: 800, decimalExponent: 260),
            CachedPower(significand: 0x9B10_A4E5_E991_3129, binaryExponent: 827, decimalExponent: 268),
            CachedPower(significand: 0xE710_9BFB_A19C_0C9D, binaryExponent: 853, decimalExponent: 276),
            CachedPower(significand: 0xAC28_20D9_623B_F429, binaryExponent: 880, decimalExponent: 284),
            CachedPower(significand: 0x8044_4B5E_7AA7_CF85, binaryExponent: 907, decimalExponent: 292),
            CachedPower(significand: 0xBF21_E440_03AC_DD2D, binaryExponent: 933, decimalExponent: 300),
            CachedPower(significand: 0x8E67_9C2F_5E44_FF8F, binaryExponent: 960, decimalExponent: 308),
            CachedPower(significand: 0xD433_179D_9C8C_B841, binaryExponent: 986, decimalExponent: 316),
            CachedPower(significand: 0x9E19_DB92_B4E3_1BA9, binaryExponent: 1013, decimalExponent: 324),
        ]
    }
}
