import pickle, struct, sys, collections
import numpy as np

DT = {"FloatStorage": np.float32, "LongStorage": np.int64, "IntStorage": np.int32, "HalfStorage": np.float16, "DoubleStorage": np.float64}

class Storage:
    def __init__(self, kind, key, size): self.kind, self.key, self.size = kind, key, size

def read(path):
    f = open(path, "rb")
    magic = pickle.load(f); assert magic == 0x1950a86a20f9469cfc6c, magic
    assert pickle.load(f) == 1001
    pickle.load(f)  # sys info
    storages = {}
    class U(pickle.Unpickler):
        def find_class(self, mod, name):
            if mod == "torch._utils" and name == "_rebuild_tensor_v2":
                return lambda st, off, size, stride, *a: ("tensor", st, off, size, stride)
            if mod == "collections" and name == "OrderedDict":
                return collections.OrderedDict
            if mod == "torch": return name
            raise pickle.UnpicklingError(f"{mod}.{name}")
        def persistent_load(self, pid):
            _, kind, key, loc, size = pid[:5]
            storages.setdefault(key, Storage(kind, key, size))
            return storages[key]
    sd = U(f).load()
    keys = pickle.load(f)
    data = {}
    for k in keys:
        s = storages[k]
        n, = struct.unpack("<q", f.read(8))
        dt = DT[s.kind]
        data[k] = np.frombuffer(f.read(n * np.dtype(dt).itemsize), dtype=dt)
    out = collections.OrderedDict()
    for name, (_, st, off, size, stride) in sd.items():
        flat = data[st.key]
        out[name] = np.lib.stride_tricks.as_strided(flat[off:], shape=size, strides=[s * flat.itemsize for s in stride]).copy() if size else flat[off:off+1].reshape(())
    return out

if __name__ == "__main__":
    sd = read(sys.argv[1])
    tot = 0
    for k, v in sd.items():
        print(k, v.shape, v.dtype)
        if v.dtype == np.float32: tot += v.size
    print(len(sd), tot)
