SELECT a, ? FROM t WHERE b = '?' AND c = ? -- ?
